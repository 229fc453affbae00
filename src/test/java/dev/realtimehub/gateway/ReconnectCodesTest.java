package dev.realtimehub.gateway;

import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What connected clients are told when a node shuts down (drain, then undeploy, as on SIGTERM).
 *
 * <p>The client's side of the contract: a WebSocket closed with 1012 ("service restart") or 4508 ("slow
 * consumer"), or an event stream ending with a {@code close} event whose {@code reconnect} is true, means
 * "reconnect and resume": wait a random delay (exponential backoff with full jitter, so a whole node's clients
 * do not come back at once), connect again (the load balancer sends it to a node that is not draining), and
 * resubscribe each channel with {@code since} and {@code epoch} of the last message it saw (SSE clients send
 * {@code Last-Event-ID}); {@code recovered:false} means the gap is too old and the client reloads state.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ReconnectCodesTest {

  private TestHub hub;
  private TestSocket socket;
  private TestEventStream stream;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_SHUTDOWN_GRACE_SECONDS", "1")).await();
    socket = hub.connect(hub.token("u1")).await();
    socket.subscribe("user.u1").await();
    stream = hub.sse("/sse?channels=public.a", Map.of()).await();
    stream.next("subscribed").await();
  }

  @AfterEach
  void stop() {
    socket.close().otherwiseEmpty().await();
    stream.close().otherwiseEmpty().await();
    hub.close().await();
  }

  @Test
  void shuttingDownClosesWebSocketsWith1012AndEndsStreamsWithAReconnectEvent(Vertx vertx, VertxTestContext ctx) {
    hub.drain().start();
    vertx.undeploy(hub.verticle().deploymentID());
    socket.closed()
      .onSuccess(code -> ctx.verify(() -> {
        assertEquals((short) 1012, code);
        assertEquals("service restart: reconnect", socket.closeReason());
      }))
      .compose(v -> stream.next("close"))
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals(new JsonObject().put("code", 1012).put("reason", "service restart: reconnect")
          .put("reconnect", true), new JsonObject(event.data()));
        ctx.completeNow();
      })));
  }
}
