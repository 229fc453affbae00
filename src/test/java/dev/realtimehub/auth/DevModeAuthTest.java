package dev.realtimehub.auth;

import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.AuthSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The embedded mode without any configured key: the hub generates a secret for the run and issues a development
 * token; it still verifies every token, so unsigned tokens and tokens signed with any other secret are refused.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DevModeAuthTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_JWT_SECRET", null);
    hub = TestHub.start(vertx, env).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void generatedDevelopmentTokenIsAccepted(VertxTestContext ctx) {
    String devToken = hub.verticle().devToken();
    assertNotNull(devToken);
    hub.connect(devToken)
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("dev", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void unsignedAndForeignTokensAreRefused(VertxTestContext ctx) {
    JsonObject claims = new JsonObject().put("sub", "dev").put("exp", now() + 3600);
    List<String> tokens = List.of(
      AuthSupport.unsignedToken(new JsonObject().put("alg", "none"), claims, true),
      AuthSupport.unsignedToken(new JsonObject().put("alg", "none"), claims, false),
      hub.token("dev"));
    Future.all(tokens.stream().map(token -> AuthSupport.rejectedBothWays(hub, token)).toList())
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (int i = 0; i < tokens.size(); i++) {
          String token = tokens.get(i);
          all.<List<UpgradeRejectedException>>resultAt(i)
            .forEach(refusal -> AuthSupport.assertUnauthorized(refusal, token));
        }
        ctx.completeNow();
      })));
  }
}
