package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.PgSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * SQL, are rolled back alone while the rest of their transaction commits; an event that waits too long for a row
 * lock another transaction holds is deferred, not counted as a failed attempt, and applied once the lock is free.
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
      .compose(v -> DomainSupport.allDone(hub, prefix, 2))
      .compose(v -> DomainSupport.query(hub, "SELECT event_id, status, attempts, last_error FROM inbox "
        + "WHERE event_id LIKE $1 ORDER BY event_id", prefix + "%"))
      .onSuccess(rows -> ctx.verify(() -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        assertEquals(List.of("done", "pending", "pending", "done"), list.stream().map(r -> r.getString("status"))
          .toList());
        list.forEach(row -> assertEquals(1, row.getInteger("attempts"), row.toJson().encode()));
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
        ctx.completeNow();
      })));
  }

  @Test
  void anEventWaitingForAnotherTransactionsLockIsDeferredWithoutCountingAnAttempt(Vertx vertx,
                                                                                   VertxTestContext ctx) {
    start(vertx);
    pg = PgBuilder.pool().connectingTo(PgSupport.url()).using(vertx).build();
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

  /** Stores the events as pending inbox rows in one statement, so that they become due at the same instant. */
  private Future<Void> insertAtOnce(List<JsonObject> events) {
    StringBuilder sql = new StringBuilder("INSERT INTO inbox (source, event_id, payload, received_at, status, "
      + "attempts, next_attempt_at) VALUES ");
    List<Object> params = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (JsonObject event : events) {
      int n = params.size();
      sql.append(n == 0 ? "" : ", ").append("('transactions', $").append(n + 1).append(", $").append(n + 2)
        .append(", $").append(n + 3).append(", 'pending', 0, $").append(n + 3).append(")");
      params.add(event.getString("eventId"));
      params.add(event.encode());
      params.add(now);
    }
    return DomainSupport.query(hub, sql.toString(), params.toArray()).mapEmpty();
  }

  private Future<Double> deferred() {
    return hub.request("GET", "/metrics", null, null)
      .map(r -> ApiSupport.metric(r.body().toString(),
        "hub_sync_events_total{outcome=\"deferred\",source=\"transactions\"}"))
      .map(value -> value.isNaN() ? 0 : value);
  }
}
