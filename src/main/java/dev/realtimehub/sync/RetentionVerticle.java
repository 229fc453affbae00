package dev.realtimehub.sync;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/**
 * Deletes what the sync store no longer needs, in bounded batches: outbox rows published longer ago than
 * {@code sync.outbox_retention_seconds}, and inbox rows applied longer ago than {@code sync.inbox_retention_hours}
 * (received before that, to be exact; until then the same event id again is still recognised as a duplicate).
 * Dead letters, pending rows and the audit trail stay. Runs as a worker verticle on the {@code hub-sync} pool on
 * every node; deletes of the same rows by two nodes simply overlap.
 */
public final class RetentionVerticle extends PollingWorker {

  /** Rows deleted per statement, so that one pass never holds a long transaction. */
  static final int BATCH = 5_000;

  private final Store store;
  private final HubMetrics metrics;
  private final long outboxRetentionMs;
  private final long inboxRetentionMs;
  private final String pruneOutbox;
  private final String pruneInbox;

  public RetentionVerticle(Store store, HubMetrics metrics, long outboxRetentionMs, long inboxRetentionMs,
                           long intervalMs) {
    super(Addresses.RETENTION_WAKE, intervalMs);
    this.store = store;
    this.metrics = metrics;
    this.outboxRetentionMs = outboxRetentionMs;
    this.inboxRetentionMs = inboxRetentionMs;
    this.pruneOutbox = store.dialect().sql("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
      + "WHERE published_at < $1 ORDER BY published_at LIMIT " + BATCH + ")");
    this.pruneInbox = store.dialect().sql("DELETE FROM inbox WHERE id IN (SELECT id FROM inbox "
      + "WHERE status = 'done' AND received_at < $1 ORDER BY id LIMIT " + BATCH + ")");
  }

  /** One batch of each; {@code true} while a batch was full, so more is due. */
  @Override
  protected Future<Boolean> round() {
    long now = System.currentTimeMillis();
    return prune(pruneOutbox, now - outboxRetentionMs, "outbox")
      .compose(outbox -> prune(pruneInbox, now - inboxRetentionMs, "inbox").map(inbox -> outbox || inbox));
  }

  private Future<Boolean> prune(String sql, long before, String table) {
    return store.committed(client -> client.preparedQuery(sql).execute(Tuple.of(before)))
      .map(rows -> {
        metrics.syncPruned(table, rows.rowCount());
        return rows.rowCount() == BATCH;
      });
  }
}
