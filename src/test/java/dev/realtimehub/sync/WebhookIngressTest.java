package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static dev.realtimehub.support.SyncSupport.signature;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a webhook sender sees for good, duplicate, unsigned, badly signed and malformed webhooks. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WebhookIngressTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, SyncSupport.env(Map.of("HUB_WEBHOOK_MAX_BODY_BYTES", "4096"))).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  private static String sale() {
    return envelope(transaction("sale", "a1", "t1", 10)).encode();
  }

  @Test
  void signedWebhookIsAcceptedWith202(VertxTestContext ctx) {
    post(hub, "transactions", sale()).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(202, response.status(), response.body().toString());
      assertEquals(true, response.json().getBoolean("accepted"));
      ctx.completeNow();
    })));
  }

  @Test
  void sameEventIdAgainAnswers200Duplicate(VertxTestContext ctx) {
    String body = sale();
    post(hub, "transactions", body)
      .compose(first -> post(hub, "transactions", body).map(second -> new TestResponse[] {first, second}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertEquals(202, both[0].status());
        assertEquals(200, both[1].status(), both[1].body().toString());
        assertEquals(true, both[1].json().getBoolean("duplicate"));
        ctx.completeNow();
      })));
  }

  @Test
  void missingSignatureHeaderIs401(VertxTestContext ctx) {
    expectError(ctx, post(hub, "transactions", sale(), null), 401, "unauthorized");
  }

  @Test
  void signatureWithAnotherSecretIs401(VertxTestContext ctx) {
    String body = sale();
    expectError(ctx, post(hub, "transactions", body, signature("another-secret-0123456789", SyncSupport.now(), body)),
      401, "unauthorized");
  }

  @Test
  void signatureOverADifferentBodyIs401(VertxTestContext ctx) {
    String signed = sale();
    expectError(ctx, post(hub, "transactions", sale(), signature(SyncSupport.WEBHOOK_SECRET, SyncSupport.now(),
      signed)), 401, "unauthorized");
  }

  @Test
  void staleTimestampIs401(VertxTestContext ctx) {
    String body = sale();
    expectError(ctx, post(hub, "transactions", body, signature(SyncSupport.WEBHOOK_SECRET, SyncSupport.now() - 400,
      body)), 401, "unauthorized");
  }

  @Test
  void timestampFromTheFutureIs401(VertxTestContext ctx) {
    String body = sale();
    expectError(ctx, post(hub, "transactions", body, signature(SyncSupport.WEBHOOK_SECRET, SyncSupport.now() + 400,
      body)), 401, "unauthorized");
  }

  @Test
  void malformedJsonIs400(VertxTestContext ctx) {
    expectError(ctx, post(hub, "transactions", "{\"eventId\": \"e1\", \"items\": ["), 400, "bad_request");
  }

  @Test
  void negativeAmountIs422NamingTheField(VertxTestContext ctx) {
    String body = envelope(transaction("sale", "a1", "t1", -5)).encode();
    post(hub, "transactions", body).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(422, response.status(), response.body().toString());
      assertTrue(response.errorMessage().startsWith("items[0].amount"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void missingFieldOfALaterItemIs422NamingItsPath(VertxTestContext ctx) {
    JsonObject second = transaction("sale", "a1", "t1", 5);
    second.remove("currency");
    String body = envelope(transaction("sale", "a1", "t1", 5), second).encode();
    post(hub, "transactions", body).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(422, response.status(), response.body().toString());
      assertTrue(response.errorMessage().startsWith("items[1].currency"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void learningItemWithUnknownStatusIs422(VertxTestContext ctx) {
    JsonObject item = new JsonObject().put("userId", "u1").put("courseId", "bidding-101").put("status", "passed")
      .put("progress", 100).put("occurredAt", "2026-03-01T10:00:00Z");
    post(hub, "learning", envelope(item).encode()).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(422, response.status(), response.body().toString());
      assertTrue(response.errorMessage().startsWith("items[0].status"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void validItemsOfEverySourceAreAccepted(VertxTestContext ctx) {
    JsonObject property = new JsonObject().put("id", "p1").put("status", "listed").put("value", 250000)
      .put("currency", "EUR").put("version", 1).put("groupIds", new JsonArray().add("g1"));
    JsonObject user = new JsonObject().put("id", "u1").put("roles", new JsonArray().add("agent"))
      .put("permissions", new JsonArray()).put("teams", new JsonArray().add(7))
      .put("groups", new JsonArray()).put("version", 3);
    JsonObject investment = new JsonObject().put("id", "i1").put("groupId", "g1").put("userId", "u1")
      .put("propertyId", "p1").put("amount", 5000).put("occurredAt", "2026-03-01T10:00:00Z");
    post(hub, "properties", envelope(property).encode())
      .compose(r -> check(r, 202).compose(v -> post(hub, "users", envelope(user).encode())))
      .compose(r -> check(r, 202).compose(v -> post(hub, "investments", envelope(investment).encode())))
      .compose(r -> check(r, 202))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void oversizedBodyIs413(VertxTestContext ctx) {
    JsonObject item = transaction("sale", "a1", "t1", 5).put("note", "x".repeat(5000));
    expectError(ctx, post(hub, "transactions", envelope(item).encode()), 413, "too_large");
  }

  @Test
  void unknownSourceIs404(VertxTestContext ctx) {
    expectError(ctx, post(hub, "orders", sale()), 404, "not_found");
  }

  private static Future<Void> check(TestResponse response, int status) {
    return response.status() == status ? Future.succeededFuture()
      : Future.failedFuture("expected " + status + ", got " + response.status() + " " + response.body());
  }

  private static void expectError(VertxTestContext ctx, Future<TestResponse> response, int status, String code) {
    response.onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(status, r.status(), r.body().toString());
      assertEquals(code, r.errorCode());
      ctx.completeNow();
    })));
  }
}
