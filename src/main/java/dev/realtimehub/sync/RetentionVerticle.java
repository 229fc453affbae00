package dev.realtimehub.sync;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/**
 * Deletes what the sync store no longer needs, in bounded batches: inbox rows applied longer ago than
 * {@code sync.inbox_retention_hours} (received before that, to be exact; until then the same event id again is
 * still recognised as a duplicate), and users' durable notifications older than
 * {@code sync.notification_retention_days}, read or not. Dead letters, pending rows and the audit trail stay;
 * outbox rows are deleted by the relay once published. Runs as a worker verticle on the {@code hub-sync} pool on
 * every node; deletes of the same rows by two nodes simply overlap.
 */
public final class RetentionVerticle extends PollingWorker {

  /** Rows deleted per statement, so that one pass never holds a long transaction. */
  static final int BATCH = 5_000;

  private final Store store;
  private final HubMetrics metrics;
  private final Retention retention;
  private final String pruneInbox;
  private final String pruneNotifications;

  /** How long each kind of row is kept, in milliseconds. */
  public record Retention(long inboxMs, long notificationMs) {
  }

  public RetentionVerticle(Store store, HubMetrics metrics, Retention retention, long intervalMs) {
    super(Addresses.RETENTION_WAKE, intervalMs);
    this.store = store;
    this.metrics = metrics;
    this.retention = retention;
    this.pruneInbox = store.dialect().sql("DELETE FROM inbox WHERE id IN (SELECT id FROM inbox "
      + "WHERE status = 'done' AND received_at < $1 ORDER BY id LIMIT " + BATCH + ")");
    this.pruneNotifications = store.dialect().sql("DELETE FROM user_notification WHERE id IN (SELECT id FROM "
      + "user_notification WHERE created_at < $1 ORDER BY created_at LIMIT " + BATCH + ")");
  }

  /** One batch of each; {@code true} while a batch was full, so more is due. */
  @Override
  protected Future<Boolean> round() {
    long now = System.currentTimeMillis();
    return prune(pruneInbox, now - retention.inboxMs(), "inbox")
      .compose(more -> prune(pruneNotifications, now - retention.notificationMs(), "user_notification")
        .map(notifications -> more || notifications));
  }

  private Future<Boolean> prune(String sql, long before, String table) {
    return store.committed(client -> client.preparedQuery(sql).execute(Tuple.of(before)))
      .map(rows -> {
        metrics.syncPruned(table, rows.rowCount());
        return rows.rowCount() == BATCH;
      });
  }
}
