package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.PgSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbox workers applying several events per transaction on the real PostgreSQL: events that fail, in Java or in
 * SQL, roll back the first transaction, which has no savepoints, and in the next one are rolled back alone while
 * the rest commits; an event that waits too long for a row
 * lock another transaction holds is deferred, not counted as a failed attempt, and applied once the lock is free;
 * an event whose last statements fail after the next event's were sent behind them is rolled back alone and the
 * next one applied again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class InboxBatchIT {

  private TestHub hub;
  private Pool pg;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close().await();
    }
    if (pg != null) {
      pg.close().await();
    }
  }

  private TestHub start(Vertx vertx) {
    PgSupport.requirePostgres();
    Map<String, String> env = new HashMap<>(PgSupport.node());
    // Failed events wait a minute before their retry, so the test sees the first attempt's outcome.
    env.put("HUB_SYNC_BACKOFF_BASE_MS", "60000");
    env.put("HUB_SYNC_BACKOFF_MAX_MS", "60000");
    env.put("HUB_SYNC_MAX_ATTEMPTS", "5");
    hub = TestHub.start(vertx, SyncSupport.env(env)).await();
    return hub;
  }

  /** Starts the hub, and a pool of the test's own on the same database, to hold locks or inject a fault. */
  private void startWithOwnConnections(Vertx vertx) {
    start(vertx);
    pg = PgBuilder.pool().connectingTo(PgSupport.url()).using(vertx).build();
  }

  @Test
  void failingEventsOfOneTransactionAreRolledBackAloneAndTheRestCommits(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    String team = SyncSupport.uniqueId();
    String prefix = "batch-" + team + "-";
    List<JsonObject> events = List.of(
      envelope(prefix + "0", transaction("sale", "a-" + team, team, 10)),
      // Fails in Java: the refund would take the team's KPIs below zero.
      envelope(prefix + "1", transaction("refund", "b-" + team, "r" + team, 40)),
      // Fails in PostgreSQL: the agent id is longer than the KPI table's scope column.
      envelope(prefix + "2", transaction("sale", "x".repeat(200), team + "-long", 1)),
      envelope(prefix + "3", transaction("sale", "a-" + team, team, 5)));
    insertAtOnce(events)
      .compose(v -> attemptedOnce(prefix, 2))
      .onSuccess(list -> ctx.verify(() -> {
        assertEquals(List.of("done", "pending", "pending", "done"), list.stream().map(r -> r.getString("status"))
          .toList());
        assertTrue(list.get(1).getString("last_error").contains("below zero"), list.get(1).toJson().encode());
        assertTrue(list.get(2).getString("last_error").contains("too long"), list.get(2).toJson().encode());
      }))
      .compose(v -> SyncSupport.kpi(hub, "sales_volume.team." + team))
      .onSuccess(kpi -> ctx.verify(() -> assertEquals(15.0, kpi.json().getDouble("value"), kpi.body().toString())))
      .compose(v -> hub.request("GET", "/metrics", null, null))
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        String scrape = metrics.body().toString();
        assertEquals(4.0, ApiSupport.metric(scrape, "hub_sync_transaction_events_max"),
          "the four events were claimed by one transaction");
        assertEquals(2.0, ApiSupport.metric(scrape,
          "hub_sync_events_total{outcome=\"retry\",source=\"transactions\"}"));
        assertRedoneInFours(scrape);
        ctx.completeNow();
      })));
  }

  /**
   * Claims start at a floor that the workers read again every second (ClaimFloor): a row that becomes pending
   * below it, as a replayed dead letter or a rolled-back claim does, is still applied. Here the row is written with
   * an id below every id the inbox allocates, after the workers have claimed from above it.
   */
  @Test
  void aPendingRowBelowTheClaimFloorIsAppliedAfterTheNextReading(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    String team = SyncSupport.uniqueId();
    String kpi = "sales_volume.team." + team;
    JsonObject below = envelope("floor-" + team, transaction("sale", "a-" + team, team, 5));
    DomainSupport.applied(hub, "transactions", envelope(transaction("sale", "a-" + team, team, 100)), kpi, 100)
      .compose(v -> DomainSupport.query(hub, "INSERT INTO inbox (id, source, event_id, payload, received_at, status, "
        + "attempts, next_attempt_at) VALUES ((SELECT LEAST(MIN(id), 0) - 1 FROM inbox), 'transactions', $1, $2, $3, "
        + "'pending', 0, $3)", below.getString("eventId"), below.encode(), System.currentTimeMillis()))
      // A webhook after it wakes the workers; its own row is above the floor.
      .compose(v -> DomainSupport.applied(hub, "transactions", envelope(transaction("sale", "a-" + team, team, 1)),
        kpi, 106))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anEventWaitingForAnotherTransactionsLockIsDeferredWithoutCountingAnAttempt(Vertx vertx,
                                                                                   VertxTestContext ctx) {
    startWithOwnConnections(vertx);
    String team = SyncSupport.uniqueId();
    String kpi = "sales_volume.team." + team;
    String eventId = "held-" + team;
    DomainSupport.applied(hub, "transactions", envelope(transaction("sale", "a-" + team, team, 100)), kpi, 100)
      .await();
    // The test holds the KPI's row: the next event of the team has to wait for it.
    SqlConnection holder = pg.getConnection().await();
    Transaction held = holder.begin().await();
    holder.preparedQuery("SELECT value FROM kpi WHERE id = $1 FOR UPDATE").execute(Tuple.of(kpi)).await();
    SyncSupport.post(hub, "transactions", envelope(eventId, transaction("sale", "a-" + team, team, 50)).encode())
      .compose(accepted -> DomainSupport.eventually(vertx, () -> deferred().map(count -> count >= 2)))
      .compose(v -> DomainSupport.query(hub, "SELECT status, attempts FROM inbox WHERE event_id = $1", eventId))
      .onSuccess(rows -> ctx.verify(() -> {
        Row row = rows.iterator().next();
        assertEquals("pending", row.getString("status"));
        assertEquals(0, row.getInteger("attempts"), "waiting for a lock is no failed attempt");
      }))
      .compose(v -> held.rollback().eventually(holder::close))
      .compose(v -> DomainSupport.eventually(vertx, () -> SyncSupport.kpi(hub, kpi)
        .map(r -> r.json().getDouble("value") == 150.0)))
      .compose(v -> DomainSupport.query(hub, "SELECT status, attempts FROM inbox WHERE event_id = $1", eventId))
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        Row row = rows.iterator().next();
        assertEquals("done", row.getString("status"));
        assertEquals(1, row.getInteger("attempts"));
        ctx.completeNow();
      })));
  }

  @Test
  void anEventFailingInItsLastStatementsIsRolledBackAloneAndTheOneSentBehindItAppliesAgain(Vertx vertx,
                                                                                            VertxTestContext ctx) {
    startWithOwnConnections(vertx);
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    String refused = "refused-" + id;
    String a = "a-" + id;
    String b = "b-" + id;
    String prefix = "behind-" + id + "-";
    // A store fault in an investment's last statements (its investor's notification), after the investment itself
    // was recorded: the next event's first statements are already queued behind them.
    String fault = "refuse_" + id.replaceAll("[^A-Za-z0-9]", "_");
    pg.query("CREATE FUNCTION " + fault + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'notification refused for %', NEW.user_id; END $$").execute()
      .compose(v -> pg.query("CREATE TRIGGER " + fault + " BEFORE INSERT ON user_notification FOR EACH ROW "
        + "WHEN (NEW.user_id = '" + refused + "') EXECUTE FUNCTION " + fault + "()").execute())
      .compose(v -> insertAtOnce("investments", List.of(
        envelope(prefix + "0", DomainSupport.investment(g, a, "p-" + id, 10)),
        envelope(prefix + "1", DomainSupport.investment(g, refused, "p-" + id, 20)),
        envelope(prefix + "2", DomainSupport.investment(g, b, "p-" + id, 30)),
        envelope(prefix + "3", DomainSupport.investment(g, a, "p-" + id, 5)))))
      .compose(v -> attemptedOnce(prefix, 3))
      .onSuccess(list -> ctx.verify(() -> {
        assertEquals(List.of("done", "pending", "done", "done"), list.stream().map(r -> r.getString("status"))
          .toList());
        assertTrue(list.get(1).getString("last_error").contains("notification refused"), list.get(1).toJson().encode());
      }))
      .compose(v -> DomainSupport.group(hub, g))
      .onSuccess(group -> ctx.verify(() -> {
        assertEquals(45.0, group.json().getDouble("invested"), group.body().toString());
        assertEquals(2L, group.json().getLong("ownerCount"), "the refused investment was rolled back");
      }))
      .compose(v -> hub.request("GET", "/api/users/" + b + "/notifications", null, TestHub.API_KEY))
      .onSuccess(notes -> ctx.verify(() -> {
        JsonArray list = notes.json().getJsonArray("notifications");
        assertEquals(1, list.size(), notes.body().toString());
        JsonObject data = list.getJsonObject(0).getJsonObject("data");
        assertEquals(40.0, data.getDouble("groupInvested"), "applied again after the refused one's rollback");
      }))
      .compose(v -> hub.request("GET", "/metrics", null, null))
      .eventually(() -> pg.query("DROP TRIGGER IF EXISTS " + fault + " ON user_notification").execute()
        .compose(v -> pg.query("DROP FUNCTION IF EXISTS " + fault + "()").execute()))
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        String scrape = metrics.body().toString();
        assertEquals(4.0, ApiSupport.metric(scrape, "hub_sync_transaction_events_max"),
          "the four events were claimed by one transaction");
        assertEquals(1.0, ApiSupport.metric(scrape,
          "hub_sync_events_total{outcome=\"retry\",source=\"investments\"}"));
        assertRedoneInFours(scrape);
        ctx.completeNow();
      })));
  }

  /**
   * Once {@code done} of the events whose ids start with {@code prefix} are done, their inbox rows in event id
   * order, each checked to have been attempted once (applied, or failed once and waiting for its retry).
   */
  private Future<List<Row>> attemptedOnce(String prefix, long done) {
    return DomainSupport.allDone(hub, prefix, done)
      .compose(v -> DomainSupport.query(hub, "SELECT event_id, status, attempts, last_error FROM inbox "
        + "WHERE event_id LIKE $1 ORDER BY event_id", prefix + "%"))
      .map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(row -> {
          assertEquals(1, row.getInteger("attempts"), row.toJson().encode());
          list.add(row);
        });
        return list;
      });
  }

  /** Stores the events as pending inbox rows in one statement, so that they become due at the same instant. */
  private Future<Void> insertAtOnce(List<JsonObject> events) {
    return insertAtOnce("transactions", events);
  }

  private Future<Void> insertAtOnce(String source, List<JsonObject> events) {
    StringBuilder sql = new StringBuilder("INSERT INTO inbox (source, event_id, payload, received_at, status, "
      + "attempts, next_attempt_at) VALUES ");
    List<Object> params = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (JsonObject event : events) {
      int n = params.size();
      sql.append(n == 0 ? "" : ", ").append("('").append(source).append("', $").append(n + 1)
        .append(", $").append(n + 2).append(", $").append(n + 3).append(", 'pending', 0, $").append(n + 3)
        .append(")");
      params.add(event.getString("eventId"));
      params.add(event.encode());
      params.add(now);
    }
    return DomainSupport.query(hub, sql.toString(), params.toArray()).mapEmpty();
  }

  /**
   * The first round, without savepoints, was rolled back and its four events taken again; either worker may have
   * tried them so before one of them took them with savepoints.
   */
  private static void assertRedoneInFours(String scrape) {
    double redone = ApiSupport.metric(scrape, "hub_sync_events_redone_total");
    assertTrue(redone >= 4 && redone % 4 == 0, "rounds without savepoints rolled back, four events each: " + redone);
  }

  private Future<Double> deferred() {
    return hub.request("GET", "/metrics", null, null)
      .map(r -> ApiSupport.metric(r.body().toString(),
        "hub_sync_events_total{outcome=\"deferred\",source=\"transactions\"}"))
      .map(value -> value.isNaN() ? 0 : value);
  }
}
