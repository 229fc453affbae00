package dev.realtimehub.api;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ApiBadInputTest {

  private TestHub hub;
  private TestHub limited;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of(
      "HUB_API_MAX_CHANNELS_PER_PUBLISH", "2",
      "HUB_CHANNELS_MAX_DATA_BYTES", "1024",
      "HUB_HTTP_MAX_BODY_BYTES", "2048",
      "HUB_API_MAX_BATCH", "3")).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
    if (limited != null) {
      limited.close().await();
    }
  }

  @Test
  void missingAuthorizationIs401(VertxTestContext ctx) {
    expectError(ctx, hub.request("POST", "/api/publish", good().encode(), null), 401, "unauthorized", "API key");
  }

  @Test
  void wrongKeyIs401(VertxTestContext ctx) {
    String wrong = TestHub.API_KEY.substring(0, TestHub.API_KEY.length() - 1) + "X";
    expectError(ctx, hub.request("POST", "/api/publish", good().encode(), wrong), 401, "unauthorized", "API key");
  }

  @Test
  void keyOfAnotherLengthIs401(VertxTestContext ctx) {
    expectError(ctx, hub.request("GET", "/api/channels", null, "short"), 401, "unauthorized", "API key");
  }

  @Test
  void malformedJsonIs400(VertxTestContext ctx) {
    expectError(ctx, post("/api/publish", "{\"channel\": \"public.a\", "), 400, "bad_request", "JSON");
  }

  @Test
  void emptyBodyIs400(VertxTestContext ctx) {
    expectError(ctx, post("/api/publish", ""), 400, "bad_request", "body");
  }

  @Test
  void batchWithoutABodyIs400(VertxTestContext ctx) {
    expectError(ctx, hub.request("POST", "/api/publish/batch", null, TestHub.API_KEY), 400, "bad_request", "body");
  }

  @Test
  void jsonArrayBodyIs422(VertxTestContext ctx) {
    expectError(ctx, post("/api/publish", new JsonArray().add(good()).encode()), 422, "unprocessable",
      "body: expected an object");
  }

  @Test
  void missingEventIs422NamingIt(VertxTestContext ctx) {
    JsonObject body = good();
    body.remove("event");
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "event:");
  }

  @Test
  void missingDataIs422NamingIt(VertxTestContext ctx) {
    JsonObject body = good();
    body.remove("data");
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "data:");
  }

  @Test
  void missingChannelIs422NamingIt(VertxTestContext ctx) {
    JsonObject body = good();
    body.remove("channel");
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "channel:");
  }

  @Test
  void channelAndChannelsTogetherAre422(VertxTestContext ctx) {
    JsonObject body = good().put("channels", new JsonArray().add("public.b"));
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "channel/channels");
  }

  @Test
  void invalidChannelNameIs422NamingTheField(VertxTestContext ctx) {
    JsonObject body = good().put("channel", "public.a b");
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "channel: ");
  }

  @Test
  void moreChannelsThanTheLimitAre422(VertxTestContext ctx) {
    JsonObject body = good();
    body.remove("channel");
    body.put("channels", new JsonArray().add("public.a").add("public.b").add("public.c"));
    expectError(ctx, post("/api/publish", body.encode()), 422, "unprocessable", "at most 2");
  }

  @Test
  void dataOverTheLimitIs413(VertxTestContext ctx) {
    JsonObject body = good().put("data", "x".repeat(1500));
    expectError(ctx, post("/api/publish", body.encode()), 413, "too_large", "data:");
  }

  @Test
  void bodyOverTheLimitIs413(VertxTestContext ctx) {
    JsonObject body = good().put("data", "x".repeat(3000));
    expectError(ctx, post("/api/publish", body.encode()), 413, "too_large", "");
  }

  @Test
  void batchOverTheLimitIs422(VertxTestContext ctx) {
    JsonArray messages = new JsonArray().add(good()).add(good()).add(good()).add(good());
    expectError(ctx, post("/api/publish/batch", new JsonObject().put("messages", messages).encode()), 422,
      "unprocessable", "messages");
  }

  @Test
  void unknownRouteIs404Json(VertxTestContext ctx) {
    hub.request("GET", "/nowhere", null, null)
      .onSuccess(response -> ctx.verify(() -> assertError(response, 404, "not_found", "")))
      .compose(v -> hub.request("GET", "/api/nowhere", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertError(response, 404, "not_found", "");
        ctx.completeNow();
      })));
  }

  @Test
  void wrongMethodIsAJson404(VertxTestContext ctx) {
    expectError(ctx, hub.request("DELETE", "/api/publish", null, TestHub.API_KEY), 404, "not_found", "");
  }

  @Test
  void requestsOverTheKeyRateGet429WithRetryAfter(Vertx vertx, VertxTestContext ctx) {
    limited = TestHub.start(vertx, Map.of("HUB_API_RATE_PER_SECOND", "3")).await();
    List<Future<TestResponse>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(limited.request("GET", "/api/channels", null, TestHub.API_KEY));
    }
    Future.all(burst).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      List<TestResponse> responses = all.list();
      long ok = responses.stream().filter(r -> r.status() == 200).count();
      List<TestResponse> limitedOnes = responses.stream().filter(r -> r.status() == 429).toList();
      assertTrue(ok >= 1, "at least one request within the rate");
      assertTrue(limitedOnes.size() >= 1, "at least one request over the rate");
      assertEquals(10, ok + limitedOnes.size());
      for (TestResponse response : limitedOnes) {
        assertError(response, 429, "rate_limited", "");
        assertNotNull(response.headers().get("Retry-After"));
      }
      ctx.completeNow();
    })));
  }

  private Future<TestResponse> post(String uri, String body) {
    return hub.request("POST", uri, body, TestHub.API_KEY);
  }

  private static JsonObject good() {
    return new JsonObject().put("channel", "public.a").put("event", "tick").put("data", 1);
  }

  private static void expectError(VertxTestContext ctx, Future<TestResponse> request, int status, String code,
                                  String messagePart) {
    request.onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertError(response, status, code, messagePart);
      ctx.completeNow();
    })));
  }

  private static void assertError(TestResponse response, int status, String code, String messagePart) {
    assertEquals(status, response.status(), response.body().toString());
    assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
    assertEquals(code, response.errorCode());
    assertTrue(response.errorMessage().contains(messagePart), response.errorMessage());
  }
}
