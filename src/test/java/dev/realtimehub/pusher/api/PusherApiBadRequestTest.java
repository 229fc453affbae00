package dev.realtimehub.pusher.api;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.PusherRest;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.realtimehub.pusher.api.PusherApiFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a Pusher API request can be refused, with Pusher's status and a plain-text reason. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PusherApiBadRequestTest {

  private static final String VALID = event("e", "{}", "public.a").encode();

  @TempDir
  Path dir;
  private PusherApiFixture pusher;

  @BeforeEach
  void start(Vertx vertx) {
    pusher = PusherApiFixture.start(vertx, dir, Map.of()).await();
  }

  @AfterEach
  void stop() {
    pusher.hub.close().await();
  }

  private TestResponse tampered(Consumer<PusherRest.Request> tamper) {
    return pusher.rest.send("POST", "/events", VALID, Map.of(), tamper).await();
  }

  private static void assertRefused(int status, String reason, TestResponse response) {
    assertEquals(status, response.status(), response.body().toString());
    assertTrue(response.headers().get("Content-Type").startsWith("text/plain"), response.headers().toString());
    assertTrue(response.body().toString().contains(reason), response.body().toString());
  }

  @Test
  void aCorrectlySignedRequestPasses() {
    assertEquals(200, tampered(request -> { }).status());
  }

  @Test
  void aWrongSignatureIs401() {
    assertRefused(401, "Invalid signature", tampered(request -> request.query.put("auth_signature",
      "0".repeat(64))));
  }

  @Test
  void aSignatureOfAnotherPathIs401() {
    assertRefused(401, "Invalid signature", tampered(request -> request.path = request.path.replace("events",
      "batch_events")));
  }

  @Test
  void aStaleTimestampIs401EvenWhenSigned() {
    assertRefused(401, "Timestamp expired", tampered(request -> {
      request.query.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000 - 601));
      pusher.rest.resign("POST", request);
    }));
  }

  @Test
  void aFutureTimestampBeyondTheToleranceIs401() {
    assertRefused(401, "Timestamp expired", tampered(request -> {
      request.query.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000 + 601));
      pusher.rest.resign("POST", request);
    }));
  }

  @Test
  void aBodyThatDoesNotMatchItsMd5Is401() {
    assertRefused(401, "body_md5", tampered(request -> request.body = event("e", "{\"x\":1}", "public.a").encode()));
  }

  @Test
  void aBodyWithoutMd5Is401() {
    assertRefused(401, "Missing body_md5", tampered(request -> {
      request.query.remove("body_md5");
      pusher.rest.resign("POST", request);
    }));
  }

  @Test
  void missingAuthParametersAre401() {
    for (String param : new String[] {"auth_key", "auth_timestamp", "auth_version", "auth_signature"}) {
      assertRefused(401, "", tampered(request -> {
        request.query.remove(param);
        if (!param.equals("auth_signature")) {
          pusher.rest.resign("POST", request);
        }
      }));
    }
  }

  @Test
  void anotherAppsKeyIs401() {
    assertRefused(401, "auth_key", tampered(request -> {
      request.query.put("auth_key", "app-key-2");
      pusher.rest.resign("POST", request);
    }));
  }

  @Test
  void anUnsupportedAuthVersionIs401() {
    assertRefused(401, "auth_version", tampered(request -> {
      request.query.put("auth_version", "2.0");
      pusher.rest.resign("POST", request);
    }));
  }

  @Test
  void anUnknownAppIs404() {
    PusherRest unknown = new PusherRest(pusher.hub.http(), "999", PusherApiFixture.KEY, PusherApiFixture.SECRET);
    assertRefused(404, "Unknown app", unknown.post("/events", event("e", "{}", "public.a")).await());
  }

  @Test
  void aDisabledAppIs403() {
    assertRefused(403, "disabled", pusher.disabled.post("/events", event("e", "{}", "public.a")).await());
  }

  @Test
  void dataOverTheAppsLimitIs413() {
    assertRefused(413, "at most 1024", pusher.rest.post("/events", event("e", "x".repeat(1025), "public.a")).await());
    assertEquals(200, pusher.rest.post("/events", event("e", "x".repeat(1024), "public.a")).await().status());
  }

  @Test
  void aBodyOverTheBodyLimitIs413() {
    String huge = event("e", "x".repeat(2 * 1024 * 1024), "public.a").encode();
    assertEquals(413, pusher.rest.send("POST", "/events", huge, Map.of(), request -> { }).await().status());
  }

  @Test
  void moreChannelsThanAllowedIs400() {
    String[] channels = new String[101];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = "public.c" + i;
    }
    assertRefused(400, "at most 100 channels", pusher.rest.post("/events", event("e", "{}", channels)).await());
  }

  @Test
  void aBatchLargerThanAllowedIs400AndPublishesNothing() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 11; i++) {
      batch.add(event("e", "{}", "public.a"));
    }
    assertRefused(400, "1 to 10 events", pusher.rest.post("/batch_events", new JsonObject().put("batch", batch))
      .await());
  }

  @Test
  void aBatchWithOneBadEventIs400() {
    JsonArray batch = new JsonArray().add(event("e", "{}", "public.a")).add(event("e", "{}", "nosuchtype.a"));
    assertRefused(400, "batch[1].channel", pusher.rest.post("/batch_events", new JsonObject().put("batch", batch))
      .await());
  }

  @Test
  void malformedEventsAre400() {
    Map<String, JsonObject> cases = Map.of(
      "name: required", new JsonObject().put("data", "{}").put("channel", "public.a"),
      "data: required", new JsonObject().put("name", "e").put("data", new JsonObject()).put("channel", "public.a"),
      "channels: a non-empty list", new JsonObject().put("name", "e").put("data", "{}"),
      "socket_id", event("e", "{}", "public.a").put("socket_id", "abc"),
      "info: unknown attribute", event("e", "{}", "public.a").put("info", "everything"),
      "reserved", event("pusher:subscribe", "{}", "public.a"),
      "channel: ", event("e", "{}", "private-no such"));
    cases.forEach((reason, body) -> assertRefused(400, reason, pusher.rest.post("/events", body).await()));
  }

  @Test
  void badJsonIs400() {
    assertRefused(400, "not valid JSON", pusher.rest.send("POST", "/events", "{\"name\":", Map.of(), r -> { })
      .await());
  }

  @Test
  void userCountWithoutAPresencePrefixIs400() {
    assertRefused(400, "presence-", pusher.rest.get("/channels", Map.of("info", "user_count")).await());
    assertRefused(400, "presence channels", pusher.rest.get("/channels/public.a", Map.of("info", "user_count"))
      .await());
    assertRefused(400, "presence channels", pusher.rest.get("/channels/public.a/users", Map.of()).await());
  }

  @Test
  void requestsOverTheAppsRateAre429WithRetryAfter(Vertx vertx) {
    PusherApiFixture limited = PusherApiFixture.start(vertx, dir, Map.of("HUB_API_RATE_PER_SECOND", "2")).await();
    try {
      List<Future<TestResponse>> burst = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        burst.add(limited.rest.get("/channels", Map.of()));
      }
      List<TestResponse> responses = Future.all(burst).await().list();
      List<TestResponse> refused = responses.stream().filter(r -> r.status() == 429).toList();
      assertTrue(responses.stream().anyMatch(r -> r.status() == 200), "at least one within the rate");
      assertTrue(!refused.isEmpty(), "at least one over the rate");
      assertEquals(8, refused.size() + responses.stream().filter(r -> r.status() == 200).count());
      refused.forEach(r -> {
        assertRefused(429, "rate", r);
        assertTrue(r.headers().contains("Retry-After"));
      });
    } finally {
      limited.hub.close().await();
    }
  }

  @Test
  void anUnknownEndpointIs404() {
    assertRefused(404, "", pusher.rest.get("/nothing_here", Map.of()).await());
  }

  @Test
  void refusalsAreCountedByOutcome() {
    tampered(request -> request.query.put("auth_signature", "0".repeat(64)));
    Future<String> scrape = pusher.hub.request("GET", "/metrics", null, null).map(r -> r.body().toString());
    assertTrue(ApiSupport.metric(scrape.await(), "hub_pusher_api_requests_total{outcome=\"unauthorized\"}") >= 1);
  }
}
