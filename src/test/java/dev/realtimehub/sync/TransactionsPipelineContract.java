package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;


import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.kpi;
import static dev.realtimehub.support.SyncSupport.post;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transactions pipeline end to end, through HTTP and a WebSocket subscriber: webhook in, KPI state and live
 * {@code kpi.updated} out, duplicates without a second effect, retries into a dead letter and its replay.
 * Subclasses choose the store.
 */
abstract class TransactionsPipelineContract extends SyncHubContract {

  private static final long WAIT_MS = 8000;

  @Test
  void signedTransactionUpdatesTheTeamKpiAndTellsItsSubscribers(Vertx vertx, VertxTestContext ctx) {
    String team = SyncSupport.uniqueId();
    TestSocket reader = subscribed("reader", new JsonObject().put("permissions", new JsonArray().add("kpi.read")),
      "kpi.sales_volume.team." + team);
    post(hub, "transactions", envelope(transaction("sale", "a-" + team, team, 120.5)).encode())
      .onSuccess(accepted -> ctx.verify(() -> assertEquals(202, accepted.status(), accepted.body().toString())))
      .compose(accepted -> reader.nextOfType("message"))
      .onSuccess(message -> ctx.verify(() -> {
        assertEquals("kpi.sales_volume.team." + team, message.getString("channel"));
        assertEquals("kpi.updated", message.getString("event"));
        JsonObject data = message.getJsonObject("data");
        assertEquals(120.5, data.getDouble("value"));
        assertEquals("sales_volume.team." + team, data.getString("id"));
        assertNotNull(data.getLong("messageId"));
      }))
      .compose(message -> kpi(hub, "sales_volume.team." + team))
      .compose(volume -> kpi(hub, "deal_count.team." + team).map(count -> new TestResponse[] {volume, count}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertEquals(200, both[0].status(), both[0].body().toString());
        assertEquals(120.5, both[0].json().getDouble("value"));
        assertEquals(1, both[1].json().getInteger("value"));
        ctx.completeNow();
      })));
  }

  @Test
  void duplicateEventAndRepeatedTransactionHaveNoSecondEffect(Vertx vertx, VertxTestContext ctx) {
    String team = SyncSupport.uniqueId();
    JsonObject sale = transaction("sale", "a-" + team, team, 100);
    String first = envelope(sale).encode();
    String sameTransactionLater = envelope(sale, transaction("sale", "a-" + team, team, 5)).encode();
    post(hub, "transactions", first)
      .compose(r -> post(hub, "transactions", first))
      .onSuccess(again -> ctx.verify(() -> assertEquals(true, again.json().getBoolean("duplicate"))))
      .compose(r -> post(hub, "transactions", sameTransactionLater))
      .compose(r -> ApiSupport.eventually(vertx, WAIT_MS, () -> kpiValue("deal_count.team." + team)
        .map(count -> count == 2)))
      .compose(v -> kpiValue("sales_volume.team." + team))
      .onComplete(ctx.succeeding(volume -> ctx.verify(() -> {
        assertEquals(105.0, volume);
        ctx.completeNow();
      })));
  }

  @Test
  void failingEventIsDeadLetteredAfterMaxAttemptsAndReplayAppliesIt(Vertx vertx, VertxTestContext ctx) {
    String team = SyncSupport.uniqueId();
    TestSocket admin = subscribed("reader", new JsonObject().put("roles", new JsonArray().add("admin")), "sync");
    String eventId = "refund-" + team;
    post(hub, "transactions", envelope(eventId, transaction("refund", "a-" + team, team, 40)).encode())
      .onSuccess(accepted -> ctx.verify(() -> assertEquals(202, accepted.status())))
      .compose(accepted -> admin.nextOfType("message"))
      .onSuccess(message -> ctx.verify(() -> {
        assertEquals("sync.dead_letter", message.getString("event"));
        assertEquals(eventId, message.getJsonObject("data").getString("eventId"));
      }))
      .compose(message -> deadLetter(eventId))
      .onSuccess(letter -> ctx.verify(() -> {
        assertEquals(3, letter.getInteger("attempts"));
        assertTrue(letter.getString("error").contains("below zero"), letter.encode());
      }))
      .compose(letter -> post(hub, "transactions", envelope(transaction("sale", "a-" + team, team, 100)).encode())
        .compose(r -> ApiSupport.eventually(vertx, WAIT_MS, () -> kpiValue("sales_volume.team." + team)
          .map(value -> value == 100.0)))
        .compose(v -> hub.request("POST", "/api/shared/sync/dead-letters/" + letter.getLong("id") + "/replay", null,
          TestHub.API_KEY)))
      .onSuccess(replay -> ctx.verify(() -> assertEquals(202, replay.status(), replay.body().toString())))
      .compose(replay -> ApiSupport.eventually(vertx, WAIT_MS, () -> kpiValue("sales_volume.team." + team)
        .map(value -> value == 60.0)))
      .compose(v -> hub.request("GET", "/api/shared/sync/dead-letters", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
        assertTrue(list.json().getJsonArray("deadLetters").stream()
          .noneMatch(letter -> eventId.equals(((JsonObject) letter).getString("eventId"))), list.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void replayOfSomethingThatIsNoDeadLetterIs404(VertxTestContext ctx) {
    hub.request("POST", "/api/shared/sync/dead-letters/999999999/replay", null, TestHub.API_KEY)
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(404, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void deadLettersNeedTheApiKey(VertxTestContext ctx) {
    hub.request("GET", "/api/shared/sync/dead-letters", null, null)
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(401, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void unknownKpiIs404(VertxTestContext ctx) {
    kpi(hub, "sales_volume.team.nobody-" + SyncSupport.uniqueId())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(404, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }

  /** The KPI's value, or -1 while it does not exist. */
  private Future<Double> kpiValue(String id) {
    return kpi(hub, id).map(response -> response.status() == 200 ? response.json().getDouble("value") : -1.0);
  }

  private Future<JsonObject> deadLetter(String eventId) {
    return hub.request("GET", "/api/shared/sync/dead-letters", null, TestHub.API_KEY)
      .compose(response -> response.json().getJsonArray("deadLetters").stream()
        .map(JsonObject.class::cast)
        .filter(letter -> eventId.equals(letter.getString("eventId")))
        .findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture("no dead letter for " + eventId + ": " + response.body())));
  }
}
