package dev.realtimehub.auth;

import dev.realtimehub.support.AuthSupport;
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

import static dev.realtimehub.support.AuthSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub that refuses anonymous connections ({@code HUB_WS_ALLOW_ANONYMOUS=false}) and allows no clock leeway
 * ({@code HUB_JWT_LEEWAY_SECONDS=0}): a token that expires while its connection is open gets it closed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class StrictConnectionAuthTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_WS_ALLOW_ANONYMOUS", "false", "HUB_JWT_LEEWAY_SECONDS", "0")).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void upgradeWithoutTokenIsRefusedWith401(VertxTestContext ctx) {
    AuthSupport.rejectedUpgrade(hub, "/ws", Map.of())
      .onComplete(ctx.succeeding(refusal -> ctx.verify(() -> {
        assertEquals(401, refusal.getStatus());
        assertEquals("unauthorized", refusal.getBody().toJsonObject().getJsonObject("error").getString("code"));
        ctx.completeNow();
      })));
  }

  @Test
  void tokenIsStillAcceptedWhenAnonymousIsOff(VertxTestContext ctx) {
    hub.connect(hub.token("frank"))
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("frank", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void tokenExpiredASecondAgoIsRefusedWithoutLeeway(VertxTestContext ctx) {
    String token = hub.sign(new JsonObject().put("sub", "u1").put("exp", now() - 1), 0);
    AuthSupport.rejectedBothWays(hub, token).onComplete(ctx.succeeding(refusals -> ctx.verify(() -> {
      refusals.forEach(refusal -> AuthSupport.assertUnauthorized(refusal, token));
      ctx.completeNow();
    })));
  }

  @Test
  void connectionIsClosedWith4401WhenItsTokenExpires(VertxTestContext ctx) {
    String token = hub.sign(new JsonObject().put("sub", "shortlived").put("exp", now() + 2), 0);
    TestSocket socket = hub.connect(token).await();
    socket.next()
      .compose(welcome -> {
        ctx.verify(() -> assertEquals("shortlived", welcome.getString("user")));
        return socket.closed();
      })
      .onComplete(ctx.succeeding(code -> ctx.verify(() -> {
        assertEquals((short) 4401, code);
        assertEquals("token expired", socket.closeReason());
        assertTrue(socket.raw().isClosed());
        ctx.completeNow();
      })));
  }
}
