package dev.realtimehub.auth;

import dev.realtimehub.support.AuthLogCapture;
import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.AuthSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HS256 tokens on the WebSocket upgrade, as a query parameter and as {@code Authorization: Bearer}: what is
 * accepted, and that everything else is refused with HTTP 401 and a JSON body before the upgrade. The hub of
 * this class caps tokens at 1024 bytes and keeps the default leeway of 30 seconds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class JwtAuthenticationTest {

  private static final int MAX_TOKEN_BYTES = 1024;

  private TestHub hub;
  private AuthLogCapture logs;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_JWT_MAX_TOKEN_BYTES", Integer.toString(MAX_TOKEN_BYTES))).await();
  }

  @AfterEach
  void stop() {
    if (logs != null) {
      logs.close();
    }
    hub.close().await();
  }

  @Test
  void validTokenInQueryGetsWelcomeWithItsSubject(VertxTestContext ctx) {
    hub.connect(hub.token("alice"))
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("alice", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void validTokenInBearerHeaderGetsWelcomeWithItsSubject(VertxTestContext ctx) {
    hub.connect("/ws", Map.of("Authorization", "Bearer " + hub.token("bob")))
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("bob", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void expiredTokenBeyondLeewayIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, hub.sign(new JsonObject().put("sub", "u1").put("exp", now() - 120), 0));
  }

  @Test
  void tokenWithoutExpIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, hub.sign(new JsonObject().put("sub", "u1"), 0));
  }

  @Test
  void nbfInTheFutureBeyondLeewayIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, hub.sign(new JsonObject().put("sub", "u1").put("nbf", now() + 120), 3600));
  }

  @Test
  void iatInTheFutureBeyondLeewayIsRefused(VertxTestContext ctx) {
    JWTOptions noTimestamp = new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true).setExpiresInSeconds(3600);
    expectUnauthorized(ctx, signer(TestHub.SECRET).generateToken(
      new JsonObject().put("sub", "u1").put("iat", now() + 120), noTimestamp));
  }

  @Test
  void nbfWithinLeewayIsAccepted(VertxTestContext ctx) {
    String token = hub.sign(new JsonObject().put("sub", "early").put("nbf", now() + 10), 3600);
    hub.connect(token)
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("early", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefused(VertxTestContext ctx) {
    JWTAuth other = signer("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
    expectUnauthorized(ctx, other.generateToken(new JsonObject().put("sub", "u1"),
      new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(3600)));
  }

  @Test
  void algNoneTokenWithTrailingDotIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, AuthSupport.unsignedToken(noneHeader(), validClaims(), true));
  }

  @Test
  void algNoneTokenWithoutSignatureSegmentIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, AuthSupport.unsignedToken(noneHeader(), validClaims(), false));
  }

  @Test
  void hs256HeaderWithEmptySignatureIsRefused(VertxTestContext ctx) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    expectUnauthorized(ctx, AuthSupport.unsignedToken(header, validClaims(), true));
  }

  @Test
  void garbageTokenIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, "not-a-jwt");
  }

  @Test
  void threeGarbageSegmentsAreRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, "aGVsbG8.d29ybGQ.c2lnbmF0dXJl");
  }

  @Test
  void validTokenOverMaxTokenBytesIsRefused(VertxTestContext ctx) {
    String token = hub.token("big", new JsonObject().put("pad", "x".repeat(MAX_TOKEN_BYTES)));
    assertTrue(token.length() > MAX_TOKEN_BYTES);
    expectUnauthorized(ctx, token);
  }

  @Test
  void validTokenJustUnderMaxTokenBytesIsAccepted(VertxTestContext ctx) {
    int base64Overhead = hub.token("big").length() + 40;
    String pad = "x".repeat((MAX_TOKEN_BYTES - base64Overhead) * 3 / 4);
    String token = hub.token("big", new JsonObject().put("pad", pad));
    assertTrue(token.length() <= MAX_TOKEN_BYTES && token.length() > MAX_TOKEN_BYTES - 100);
    hub.connect(token)
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("big", welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void tokenWithoutSubIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, hub.sign(new JsonObject().put("name", "nobody"), 3600));
  }

  @Test
  void anonymousConnectionGetsWelcomeWithNullUserByDefault(VertxTestContext ctx) {
    hub.connect(null)
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertTrue(welcome.containsKey("user"));
        assertEquals(null, welcome.getValue("user"));
        ctx.completeNow();
      })));
  }

  @Test
  void refusedTokensNeverReachTheLogs(VertxTestContext ctx) {
    logs = AuthLogCapture.start();
    List<String> tokens = List.of(
      hub.sign(new JsonObject().put("sub", "u1").put("exp", now() - 120), 0),
      signer("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz").generateToken(new JsonObject().put("sub", "u1"),
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(3600)),
      AuthSupport.unsignedToken(noneHeader(), validClaims(), true),
      AuthSupport.unsignedToken(new JsonObject().put("alg", "HS256"), new JsonObject().put("sub", 7), false) + ".x",
      "garbage-token-value-0123456789");
    Future.all(tokens.stream().map(token -> AuthSupport.rejectedBothWays(hub, token)).toList())
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        String text = logs.text();
        for (String token : tokens) {
          assertFalse(text.contains(token), "a log line repeats a token: " + text);
        }
        ctx.completeNow();
      })));
  }

  private static JsonObject noneHeader() {
    return new JsonObject().put("alg", "none").put("typ", "JWT");
  }

  private static JsonObject validClaims() {
    return new JsonObject().put("sub", "mallory").put("exp", now() + 3600).put("roles", List.of("admin"));
  }

  private JWTAuth signer(String secret) {
    return JWTAuth.create(hub.vertx(), new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  private void expectUnauthorized(VertxTestContext ctx, String token) {
    AuthSupport.rejectedBothWays(hub, token).onComplete(ctx.succeeding(refusals -> ctx.verify(() -> {
      refusals.forEach(refusal -> AuthSupport.assertUnauthorized(refusal, token));
      ctx.completeNow();
    })));
  }
}
