package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention of the sync store: applied inbox rows and users' notifications past their retention are deleted;
 * dead letters and recent rows stay; outbox rows are gone once published. Subclasses choose the store.
 */
abstract class RetentionContract extends SyncHubContract {

  /** Applied inbox rows go after a day, notifications after 30 days. */
  @Override
  protected Map<String, String> settings() {
    Map<String, String> env = new HashMap<>(store());
    env.put("HUB_SYNC_INBOX_RETENTION_HOURS", "24");
    env.put("HUB_SYNC_NOTIFICATION_RETENTION_DAYS", "30");
    return env;
  }

  @Test
  void notificationsOlderThanTheirRetentionGoReadOrNot(Vertx vertx, VertxTestContext ctx) {
    String user = "u-" + SyncSupport.uniqueId();
    long now = System.currentTimeMillis();
    long old = now - TimeUnit.DAYS.toMillis(31);
    DomainSupport.query(hub, "INSERT INTO user_notification (user_id, event, data, created_at, read_at) VALUES "
        + "($1, 'old.unread', '{}', $2, NULL), ($1, 'old.read', '{}', $2, $2), ($1, 'recent', '{}', $3, NULL)",
        user, old, now - TimeUnit.DAYS.toMillis(29))
      .compose(v -> wakeUntil(vertx, () -> DomainSupport.count(hub,
        "SELECT COUNT(*) FROM user_notification WHERE user_id = $1", user).map(left -> left == 1)))
      .compose(v -> hub.request("GET", "/api/users/" + user + "/notifications", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonArray left = response.json().getJsonArray("notifications");
        assertEquals(1, left.size(), left.encode());
        assertEquals("recent", left.getJsonObject(0).getString("event"));
        ctx.completeNow();
      })));
  }

  @Test
  void publishedOutboxRowsAndOldAppliedInboxRowsGoDeadLettersAndRecentRowsStay(Vertx vertx, VertxTestContext ctx) {
    String team = SyncSupport.uniqueId();
    String prefix = "keep-" + team + "-";
    long old = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(25);
    String channel = "kpi.sales_volume.team." + team;
    TestSocket reader = subscribed("reader", new JsonObject().put("permissions", new JsonArray().add("kpi.read")),
      channel);
    DomainSupport.applied(hub, "transactions", envelope(prefix + "recent", transaction("sale", "a-" + team, team, 7)),
        "sales_volume.team." + team, 7)
      // Once its message reached a subscriber, the relay has deleted (or is deleting) the outbox row.
      .compose(v -> message(reader, "kpi.updated"))
      .compose(v -> DomainSupport.eventually(vertx, () -> DomainSupport.count(hub,
        "SELECT COUNT(*) FROM outbox WHERE channel = $1", channel).map(left -> left == 0)))
      .compose(v -> DomainSupport.query(hub, "INSERT INTO inbox (source, event_id, payload, received_at, status, "
        + "attempts, next_attempt_at) VALUES ('transactions', $1, '{}', $3, 'done', 1, $3), "
        + "('transactions', $2, '{}', $3, 'dead', 8, $3)", prefix + "old-done", prefix + "old-dead", old))
      .compose(v -> wakeUntil(vertx, () -> DomainSupport.count(hub,
        "SELECT COUNT(*) FROM inbox WHERE event_id = $1", prefix + "old-done").map(left -> left == 0)))
      .compose(v -> DomainSupport.query(hub, "SELECT event_id FROM inbox WHERE event_id LIKE $1 ORDER BY event_id",
        prefix + "%"))
      .onSuccess(rows -> ctx.verify(() -> {
        StringBuilder left = new StringBuilder();
        rows.forEach(row -> left.append(row.getString("event_id").substring(prefix.length())).append(' '));
        assertEquals("old-dead recent ", left.toString(), "dead letters and recent rows stay");
      }))
      .compose(v -> hub.request("GET", "/metrics", null, null))
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        String scrape = metrics.body().toString();
        assertTrue(ApiSupport.metric(scrape, "hub_sync_pruned_rows_total{table=\"inbox\"}") >= 1, scrape);
        ctx.completeNow();
      })));
  }

  /** Wakes the retention worker until {@code check} holds; it would otherwise run once a minute. */
  private Future<Void> wakeUntil(Vertx vertx, java.util.function.Supplier<Future<Boolean>> check) {
    return DomainSupport.eventually(vertx, () -> {
      hub.vertx().eventBus().publish(Addresses.RETENTION_WAKE, "", new DeliveryOptions().setLocalOnly(true));
      return check.get();
    });
  }
}
