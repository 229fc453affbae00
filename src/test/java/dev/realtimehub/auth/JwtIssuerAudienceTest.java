package dev.realtimehub.auth;

import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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

/** With {@code HUB_JWT_ISSUER} and {@code HUB_JWT_AUDIENCE} set, tokens must name both correctly. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class JwtIssuerAudienceTest {

  private static final String ISSUER = "https://issuer.example.com";

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_JWT_ISSUER", ISSUER, "HUB_JWT_AUDIENCE", "realtime-hub,reports")).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void rightIssuerAndAudienceAreAccepted(VertxTestContext ctx) {
    expectWelcome(ctx, claims("carol").put("iss", ISSUER).put("aud", "realtime-hub"), "carol");
  }

  @Test
  void audienceListNamingOneConfiguredAudienceIsAccepted(VertxTestContext ctx) {
    JsonArray audience = new JsonArray().add("billing").add("reports");
    expectWelcome(ctx, claims("dave").put("iss", ISSUER).put("aud", audience), "dave");
  }

  @Test
  void wrongIssuerIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, claims("u1").put("iss", "https://evil.example.com").put("aud", "realtime-hub"));
  }

  @Test
  void missingIssuerIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, claims("u1").put("aud", "realtime-hub"));
  }

  @Test
  void wrongAudienceIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, claims("u1").put("iss", ISSUER).put("aud", "billing"));
  }

  @Test
  void missingAudienceIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, claims("u1").put("iss", ISSUER));
  }

  private static JsonObject claims(String sub) {
    return new JsonObject().put("sub", sub);
  }

  private void expectWelcome(VertxTestContext ctx, JsonObject claims, String user) {
    hub.connect(hub.sign(claims, 3600))
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertEquals(user, welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  private void expectUnauthorized(VertxTestContext ctx, JsonObject claims) {
    String token = hub.sign(claims, 3600);
    AuthSupport.rejectedBothWays(hub, token).onComplete(ctx.succeeding(refusals -> ctx.verify(() -> {
      refusals.forEach(refusal -> AuthSupport.assertUnauthorized(refusal, token));
      ctx.completeNow();
    })));
  }
}
