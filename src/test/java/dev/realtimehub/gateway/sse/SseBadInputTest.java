package dev.realtimehub.gateway.sse;

import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SseBadInputTest {

  private TestHub hub;
  private TestEventStream stream;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_SSE_MAX_CHANNELS", "2", "HUB_SSE_MAX_STREAMS", "1")).await();
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  @Test
  void missingChannelsParameterIs400(VertxTestContext ctx) {
    expectError(ctx, get("/sse", null), 400, "bad_request", "channels");
  }

  @Test
  void channelNameWithEmptySegmentIs400NamingIt(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=public.a,team..7", null), 400, "bad_request", "team..7");
  }

  @Test
  void channelNameWithWildcardIs400NamingIt(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=x*", null), 400, "bad_request", "x*");
  }

  @Test
  void unknownChannelTypeIs404NamingIt(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=public.a,nosuch.1", null), 404, "not_found", "nosuch.1");
  }

  @Test
  void moreChannelsThanTheLimitIs400(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=public.a,public.b,public.c", null), 400, "bad_request", "at most 2");
  }

  @Test
  void tokenWithForgedClaimsIs401(VertxTestContext ctx) {
    String[] parts = hub.token("u1").split("\\.");
    String claims = new JsonObject().put("sub", "u2").put("exp", System.currentTimeMillis() / 1000 + 3600).encode();
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
      .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    expectError(ctx, get("/sse?channels=user.u2&token=" + forged, null), 401, "unauthorized", "");
  }

  @Test
  void garbageBearerTokenIs401(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=public.a", "not-a-jwt"), 401, "unauthorized", "");
  }

  @Test
  void streamWhoseEveryChannelIsDeniedIs403BeforeItStarts(VertxTestContext ctx) {
    expectError(ctx, get("/sse?channels=user.u2", hub.token("u1")), 403, "forbidden", "user.u2");
  }

  @Test
  void deniedChannelInAGoodStreamGetsANamedErrorEventAndTheOtherKeepsFlowing(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=user.u1,user.u2&token=" + hub.token("u1"), Map.of()).await();
    ctx.verify(() -> assertEquals(200, stream.status()));
    stream.next()
      .onSuccess(subscribed -> ctx.verify(() -> {
        assertEquals("subscribed", subscribed.name());
        assertEquals("user.u1", new JsonObject(subscribed.data()).getString("channel"));
      }))
      .compose(v -> stream.next())
      .onSuccess(error -> ctx.verify(() -> {
        assertEquals("error", error.name());
        JsonObject body = new JsonObject(error.data());
        assertEquals("user.u2", body.getString("channel"));
        assertEquals(403, body.getInteger("code"));
        assertEquals("forbidden", body.getString("reason"));
        assertNotNull(body.getString("message"));
      }))
      .compose(v -> hub.publish(new JsonObject().put("channel", "user.u1").put("event", "note").put("data", 1)))
      .compose(v -> stream.next())
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("message", message.name());
        assertTrue(message.id().startsWith("user.u1:1:"), message.id());
        ctx.completeNow();
      })));
  }

  @Test
  void streamOverTheNodeLimitIs503WithRetryAfter(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a", Map.of()).await();
    stream.next("subscribed")
      .compose(v -> get("/sse?channels=public.b", null))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(503, response.status());
        assertEquals("unavailable", response.errorCode());
        assertNotNull(response.headers().get("Retry-After"));
        ctx.completeNow();
      })));
  }

  private Future<TestResponse> get(String uri, String bearer) {
    return hub.request("GET", uri, null, bearer);
  }

  private static void expectError(VertxTestContext ctx, Future<TestResponse> request, int status, String code,
                                  String messagePart) {
    request.onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(status, response.status(), response.body().toString());
      assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
      assertEquals(code, response.errorCode());
      assertTrue(response.errorMessage().contains(messagePart), response.errorMessage());
      ctx.completeNow();
    })));
  }
}
