package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.HubProbe;
import dev.realtimehub.support.RawWebSocket;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Server heartbeats and the idle timeout, with a heartbeat every second and an idle timeout of two: a
 * client that answers pings stays, one that never writes is closed with 4408.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HeartbeatAndIdleTest {

  private TestHub hub;
  private TestSocket socket;
  private RawWebSocket raw;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_WS_HEARTBEAT_SECONDS", "1", "HUB_WS_IDLE_TIMEOUT_SECONDS", "2")).await();
  }

  @AfterEach
  void stop() {
    if (socket != null) {
      socket.close().otherwiseEmpty().await();
    }
    if (raw != null) {
      raw.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  /** Completes once the WebSocket has received {@code count} ping frames (Vert.x answers each itself). */
  private static Future<Void> pings(WebSocket ws, int count) {
    Promise<Void> seen = Promise.promise();
    AtomicInteger pings = new AtomicInteger();
    ws.frameHandler(frame -> {
      if (frame.type() == WebSocketFrameType.PING && pings.incrementAndGet() == count) {
        seen.complete();
      }
    });
    return seen.future();
  }

  @Test
  void serverSendsPingFrames(VertxTestContext ctx) {
    WebSocket ws = hub.wsClient().connect("/ws?token=" + hub.token("alice")).await();
    pings(ws, 2)
      .eventually(ws::close)
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void clientAnsweringPingsStaysOpenPastTheIdleTimeout(VertxTestContext ctx) {
    socket = hub.connect(hub.token("alice")).await();
    pings(socket.raw(), 4)
      .compose(v -> {
        ctx.verify(() -> assertFalse(socket.closed().isComplete(), "closed with " + socket.closeReason()));
        return socket.request(new JsonObject().put("type", "ping"));
      })
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        ctx.completeNow();
      })));
  }

  /**
   * The raw client reads but never writes, so it answers neither pings nor the close frame. Vert.x then
   * waits its WebSocket closing timeout (10 s by default) for the client's close frame before dropping
   * TCP, hence the longer bound on this test.
   */
  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void clientThatNeverAnswersPingsIsClosedWith4408(Vertx vertx, VertxTestContext ctx) {
    raw = RawWebSocket.connect(vertx, hub.port(), "/ws?token=" + hub.token("alice"), Map.of()).await();
    raw.next(RawWebSocket.TEXT)
      .compose(welcome -> raw.next(RawWebSocket.PING))
      .compose(ping -> raw.next(RawWebSocket.CLOSE))
      .compose(close -> {
        ctx.verify(() -> assertEquals(4408, close.closeCode()));
        return raw.closed();
      })
      .compose(v -> HubProbe.stillServes(hub))
      .onComplete(ctx.succeedingThenComplete());
  }
}
