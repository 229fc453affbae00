package dev.realtimehub.sync.outbox;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code outbox} table: written inside pipeline transactions, read and marked by the relay. */
public final class OutboxRepository {

  private final String insert;
  private final String unpublished;
  private final String markPublished;

  public OutboxRepository(Store store) {
    this.insert = store.dialect().sql("INSERT INTO outbox (channel, event, data, created_at, coalesce_key) "
      + "VALUES ($1, $2, $3, $4, $5)");
    // Ordered like the (published_at, id) index, so the database walks it and stops at the limit instead of
    // collecting and sorting every unpublished row (IS NULL does not make published_at a constant for the planner).
    this.unpublished = store.dialect().sql("SELECT id, channel, event, data, coalesce_key FROM outbox "
      + "WHERE published_at IS NULL "
      + "ORDER BY published_at, id LIMIT $1") + store.dialect().claimRows();
    this.markPublished = store.dialect().sql("UPDATE outbox SET published_at = $2 WHERE id = $1");
  }

  /** Adds a message to publish once the caller's transaction commits. */
  public Future<Void> add(SqlConnection conn, String channel, String event, JsonObject data, long nowMs) {
    return add(conn, channel, event, data, null, nowMs);
  }

  /**
   * Adds a message that may be debounced: on a channel type with {@code debounce_ms}, rapid messages with one
   * {@code coalesceKey} on one channel are replaced by the latest. Only for messages that carry a full state.
   */
  public Future<Void> add(SqlConnection conn, String channel, String event, JsonObject data, String coalesceKey,
                          long nowMs) {
    return conn.preparedQuery(insert).execute(Tuple.of(channel, event, data.encode(), nowMs, coalesceKey)).mapEmpty();
  }

  /** Up to {@code limit} unpublished rows in id order, locked for the caller's transaction. */
  public Future<List<OutboxRecord>> unpublished(SqlConnection conn, int limit) {
    return conn.preparedQuery(unpublished)
      .execute(Tuple.of(limit))
      .map(rows -> {
        List<OutboxRecord> records = new ArrayList<>();
        for (Row row : rows) {
          records.add(new OutboxRecord(row.getLong("id"), row.getString("channel"), row.getString("event"),
            new JsonObject(row.getString("data")), row.getString("coalesce_key")));
        }
        return records;
      });
  }

  /** Marks the rows published, in one batch. */
  public Future<Void> markPublished(SqlConnection conn, List<Long> ids, long nowMs) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(ids.size());
    ids.forEach(id -> batch.add(Tuple.of(id, nowMs)));
    return conn.preparedQuery(markPublished).executeBatch(batch).mapEmpty();
  }
}
