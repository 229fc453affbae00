package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.HubProbe;
import dev.realtimehub.support.RawWebSocket;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Abuse before and around the upgrade: slow or oversized request heads, a compression offer, and clients
 * that vanish without a close frame.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HandshakeAbuseTest {

  private static final String CHANNEL = "public.vanishing";

  private TestHub hub;
  private NetClient net;
  private RawWebSocket raw;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_HTTP_REQUEST_HEADER_TIMEOUT_SECONDS", "2")).await();
    net = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    if (raw != null) {
      raw.close().otherwiseEmpty().await();
    }
    net.close().await();
    hub.close().await();
  }

  /** A TCP connection to the hub; completes {@code closed} when the hub drops it, collecting what it sent. */
  private NetSocket connect(Buffer received, Promise<Void> closed) {
    NetSocket socket = net.connect(hub.port(), "127.0.0.1").await();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.complete());
    return socket;
  }

  private Future<Integer> get(RequestOptions options) {
    return hub.http().request(options)
      .compose(request -> request.send())
      .map(HttpClientResponse::statusCode);
  }

  private Future<Integer> subscribers() {
    return hub.request("GET", "/api/channels/" + CHANNEL, null, TestHub.API_KEY)
      .map(response -> response.json().getInteger("subscribers"));
  }

  @Test
  void partialRequestHeadIsCutOffAfterTheHeaderTimeout(VertxTestContext ctx) {
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    NetSocket socket = connect(received, closed);
    socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n")
      .compose(v -> closed.future())
      .compose(v -> {
        ctx.verify(() -> assertEquals(0, received.length(), "the hub answered: " + received));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void tricklingHeadersDoNotExtendTheHeaderTimeout(Vertx vertx, VertxTestContext ctx) {
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    NetSocket socket = connect(received, closed);
    socket.write("GET /ws HTTP/1.1\r\n");
    long[] line = {0};
    long timer = vertx.setPeriodic(200, id -> socket.write("X-Slow-" + line[0]++ + ": a\r\n"));
    closed.future()
      .andThen(v -> vertx.cancelTimer(timer))
      .compose(v -> HubProbe.stillServes(hub))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void headersOverTheLimitGet431(VertxTestContext ctx) {
    get(new RequestOptions().setURI("/health/live").putHeader("X-Padding", "a".repeat(9000)))
      .compose(status -> {
        ctx.verify(() -> assertEquals(431, status));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void requestLineOverTheLimitGets414(VertxTestContext ctx) {
    get(new RequestOptions().setURI("/ws?pad=" + "a".repeat(13_000)))
      .compose(status -> {
        ctx.verify(() -> assertEquals(414, status));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void compressionOfferIsDeclined(Vertx vertx, VertxTestContext ctx) {
    raw = RawWebSocket.connect(vertx, hub.port(), "/ws?token=" + hub.token("alice"), Map.of(
      "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-webkit-deflate-frame")).await();
    raw.handshake()
      .compose(handshake -> {
        ctx.verify(() -> {
          assertEquals(101, handshake.status());
          assertFalse(handshake.headers().contains("Sec-WebSocket-Extensions"),
            "extension accepted: " + handshake.headers().get("Sec-WebSocket-Extensions"));
        });
        return raw.next(RawWebSocket.TEXT);
      })
      .compose(welcome -> {
        ctx.verify(() -> {
          assertEquals(0, welcome.rsv(), "the welcome frame is compressed");
          assertEquals("welcome", welcome.json().getString("type"));
        });
        return raw.writeText("{\"type\":\"ping\",\"id\":1}").compose(v -> raw.next(RawWebSocket.TEXT));
      })
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals(0, pong.rsv());
        assertEquals(new JsonObject().put("type", "pong").put("id", 1), pong.json());
        ctx.completeNow();
      })));
  }

  @Test
  void clientVanishingWithoutCloseFrameLeavesNoSubscription(Vertx vertx, VertxTestContext ctx) {
    vanishAndExpectNoSubscriber(vertx, ctx, new NetClientOptions());
  }

  @Test
  void connectionResetLeavesNoSubscription(Vertx vertx, VertxTestContext ctx) {
    vanishAndExpectNoSubscriber(vertx, ctx, new NetClientOptions().setSoLinger(0));
  }

  /** Subscribes over a raw connection, drops it at the TCP level, then waits (bounded) for the hub to notice. */
  private void vanishAndExpectNoSubscriber(Vertx vertx, VertxTestContext ctx, NetClientOptions options) {
    raw = RawWebSocket.connect(vertx, options, hub.port(), "/ws?token=" + hub.token("alice"), Map.of()).await();
    raw.next(RawWebSocket.TEXT)
      .compose(welcome -> raw.writeText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + CHANNEL + "\"}"))
      .compose(v -> raw.next(RawWebSocket.TEXT))
      .compose(subscribed -> {
        ctx.verify(() -> assertEquals("subscribed", subscribed.json().getString("type")));
        return subscribers();
      })
      .compose(count -> {
        ctx.verify(() -> assertEquals(1, count));
        return raw.close();
      })
      .compose(v -> HubProbe.until(vertx, 5000, () -> subscribers().map(count -> count == 0)))
      .compose(v -> HubProbe.stillServes(hub))
      .onComplete(ctx.succeedingThenComplete());
  }
}
