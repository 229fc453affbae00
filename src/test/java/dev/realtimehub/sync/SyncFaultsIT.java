package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.HubProcess;
import dev.realtimehub.support.PgSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TcpProxy;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
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
import java.util.concurrent.atomic.AtomicInteger;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of the sync pipelines on the real PostgreSQL: the store unreachable while webhooks arrive (cut through a
 * TCP proxy, never by stopping the shared server), and a node killed with SIGKILL in the middle of an event.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SyncFaultsIT {

  private static final int EVENTS = 12;

  private final List<HubProcess> nodes = new ArrayList<>();
  private TestHub hub;
  private Pool pg;

  @AfterEach
  void stop() throws InterruptedException {
    for (HubProcess node : nodes) {
      node.stop();
    }
    if (hub != null) {
      hub.close().await();
    }
    if (pg != null) {
      pg.close().await();
    }
  }

  @Test
  void whilePostgresIsUnreachableWebhooksGet503AndEveryAcceptedOneIsAppliedOnce(Vertx vertx, VertxTestContext ctx) {
    PgSupport.requirePostgres();
    PgConnectOptions target = PgConnectOptions.fromUri(PgSupport.url());
    TcpProxy proxy = new TcpProxy(vertx, target.getHost(), target.getPort());
    proxy.start().await();
    Map<String, String> env = new HashMap<>();
    env.put("HUB_PG_URL", "postgresql://" + target.getUser() + "@127.0.0.1:" + proxy.port() + "/"
      + target.getDatabase());
    env.put("HUB_PG_TIMEOUT_MS", "1000");
    hub = TestHub.start(vertx, SyncSupport.env(env)).await();
    String team = SyncSupport.uniqueId();
    AtomicInteger unavailable = new AtomicInteger();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < EVENTS; i++) {
      String body = envelope("f" + team + "-" + i, transaction("sale", "a-" + team, team, 10)).encode();
      int index = i;
      chain = chain.compose(v -> index == 4 ? proxy.stop() : Future.succeededFuture())
        .compose(v -> deliver(vertx, body, unavailable, proxy));
    }
    chain
      .compose(v -> DomainSupport.allDone(hub, "f" + team, EVENTS))
      .compose(v -> SyncSupport.kpi(hub, "deal_count.team." + team))
      .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
        assertTrue(unavailable.get() >= 2, "webhooks arrived while the store was cut off");
        assertEquals(EVENTS, count.json().getInteger("value"), "every accepted event applied exactly once");
        ctx.completeNow();
      })));
  }

  /**
   * Sends one webhook the way a sender must: again after {@code Retry-After} on 503, until 202 (or 200, already
   * stored). The second 503 brings the store back.
   */
  private Future<Void> deliver(Vertx vertx, String body, AtomicInteger unavailable, TcpProxy proxy) {
    return SyncSupport.post(hub, "transactions", body).compose(response -> {
      if (response.status() == 202 || response.status() == 200) {
        return Future.succeededFuture();
      }
      if (response.status() != 503 || response.headers().get("Retry-After") == null) {
        return Future.failedFuture("expected 202, 200 or 503 with Retry-After, got " + response.status() + " "
          + response.body());
      }
      Future<Void> recovery = unavailable.incrementAndGet() == 2 ? proxy.start() : Future.succeededFuture();
      return recovery.compose(v -> after(vertx, 200)).compose(v -> deliver(vertx, body, unavailable, proxy));
    });
  }

  private static Future<Void> after(Vertx vertx, long ms) {
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(ms, id -> waited.complete());
    return waited.future();
  }

  @Test
  void aNodeKilledMidEventLosesNothingAndAnotherNodeAppliesItOnce(Vertx vertx, VertxTestContext ctx)
    throws InterruptedException {
    PgSupport.requirePostgres();
    pg = PgBuilder.pool().connectingTo(PgSupport.url()).using(vertx).build();
    Map<String, String> env = SyncSupport.env(PgSupport.node());
    HubProcess first = HubProcess.start(vertx, "first", env);
    nodes.add(first);
    first.awaitReady(vertx, 30_000).await();
    String team = SyncSupport.uniqueId();
    String kpi = "sales_volume.team." + team;
    String eventId = "k" + team;
    post(first, envelope(transaction("sale", "a-" + team, team, 100)).encode()).await();
    ApiSupport.eventually(vertx, 10_000, () -> first.request("GET", "/api/kpis/" + kpi, null, TestHub.API_KEY)
      .map(r -> r.status() == 200)).await();
    // The test holds the KPI row, so the node's worker blocks on it inside the event's transaction.
    SqlConnection holder = pg.getConnection().await();
    Transaction held = holder.begin().await();
    holder.preparedQuery("SELECT value FROM kpi WHERE id = $1 FOR UPDATE").execute(Tuple.of(kpi)).await();
    post(first, envelope(eventId, transaction("sale", "a-" + team, team, 50)).encode()).await();
    ApiSupport.eventually(vertx, 10_000, () -> claimedByAWorker(eventId)).await();
    assertEquals(137, first.kill(), "SIGKILL");
    held.rollback().await();
    holder.close().await();
    HubProcess second = HubProcess.start(vertx, "second", env);
    nodes.add(second);
    second.awaitReady(vertx, 30_000)
      .compose(v -> ApiSupport.eventually(vertx, 20_000, () -> pg.preparedQuery("SELECT status, attempts FROM inbox "
          + "WHERE source = 'transactions' AND event_id = $1").execute(Tuple.of(eventId))
        .map(rows -> "done".equals(rows.iterator().next().getString("status")))))
      .compose(v -> second.request("GET", "/api/kpis/deal_count.team." + team, null, TestHub.API_KEY))
      .compose(count -> second.request("GET", "/api/kpis/" + kpi, null, TestHub.API_KEY)
        .map(volume -> new TestResponse[] {count, volume}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertEquals(2, both[0].json().getInteger("value"), "the killed node's event applied once, by the other");
        assertEquals(150, both[1].json().getInteger("value"));
        ctx.completeNow();
      })));
  }

  /** True while the event's inbox row is pending and locked: a worker is inside its transaction. */
  private Future<Boolean> claimedByAWorker(String eventId) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT (SELECT COUNT(*) FROM inbox WHERE source = "
          + "'transactions' AND event_id = $1 AND status = 'pending') AS pending, (SELECT COUNT(*) FROM "
          + "(SELECT id FROM inbox WHERE source = 'transactions' AND event_id = $1 FOR UPDATE SKIP LOCKED) free) "
          + "AS free")
        .execute(Tuple.of(eventId)))
      .map(rows -> {
        JsonObject row = rows.iterator().next().toJson();
        return row.getLong("pending") == 1 && row.getLong("free") == 0;
      });
  }

  private static Future<TestResponse> post(HubProcess node, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Hub-Signature", SyncSupport.signature(SyncSupport.WEBHOOK_SECRET, SyncSupport.now(), body));
    return node.send("POST", "/api/shared/sync/transactions", body, headers)
      .compose(r -> r.status() == 202 ? Future.succeededFuture(r)
        : Future.failedFuture("webhook answered " + r.status() + " " + r.body()));
  }
}
