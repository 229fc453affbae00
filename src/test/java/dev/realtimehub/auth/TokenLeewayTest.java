package dev.realtimehub.auth;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

import static dev.realtimehub.support.AuthSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The clock leeway ({@code jwt.leeway_seconds}, 30 s by default) that admits a token at the upgrade also applies
 * to the expiry sweep of the open connection. Server heartbeats every second mark sweeps the connection survived.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TokenLeewayTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_WS_HEARTBEAT_SECONDS", "1")).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void tokenExpiredWithinLeewayKeepsItsConnectionOpen(VertxTestContext ctx) {
    String token = hub.sign(new JsonObject().put("sub", "skewed").put("exp", now() - 5), 0);
    TestSocket socket = hub.connect(token).await();
    Promise<Void> heartbeat = Promise.promise();
    socket.raw().frameHandler(frame -> {
      if (frame.type() == WebSocketFrameType.PING) {
        heartbeat.tryComplete();
      }
    });
    socket.closed().onSuccess(code -> heartbeat.tryFail("closed with " + code + " " + socket.closeReason()
      + " before the first heartbeat"));
    socket.next()
      .compose(welcome -> {
        ctx.verify(() -> assertEquals("skewed", welcome.getString("user")));
        return heartbeat.future();
      })
      .compose(v -> socket.request(new JsonObject().put("type", "ping")))
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        ctx.completeNow();
      })));
  }
}
