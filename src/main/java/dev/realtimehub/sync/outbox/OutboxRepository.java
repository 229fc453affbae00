package dev.realtimehub.sync.outbox;

import dev.realtimehub.store.Replanned;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code outbox} table: written inside pipeline transactions, read and deleted by the relay. */
public final class OutboxRepository {

  private final String insert;
  private final String unpublished;
  private final String delete;

  public OutboxRepository(Store store) {
    this.insert = store.dialect().sql("INSERT INTO outbox (channel, event, data, created_at, coalesce_key) "
      + "VALUES ($1, $2, $3, $4, $5)");
    // Every row left is unpublished: the relay deletes what it published. The primary key gives the order.
    this.unpublished = "SELECT id, channel, event, data, coalesce_key FROM outbox ORDER BY id LIMIT %d"
      + store.dialect().claimRows();
    this.delete = "DELETE FROM outbox WHERE id IN (%s)";
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
    return Replanned.run(conn, String.format(unpublished, limit))
      .map(rows -> {
        List<OutboxRecord> records = new ArrayList<>();
        for (Row row : rows) {
          records.add(new OutboxRecord(row.getLong("id"), row.getString("channel"), row.getString("event"),
            new JsonObject(row.getString("data")), row.getString("coalesce_key")));
        }
        return records;
      });
  }

  /** Deletes published rows, in one statement of the caller's transaction. */
  public Future<Void> deletePublished(SqlConnection conn, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return Replanned.run(conn, String.format(delete, Replanned.ids(ids))).mapEmpty();
  }
}
