package dev.realtimehub.sync.access;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** The SQL of {@code access_changes}: written in pipeline transactions, applied and marked by the relay. */
public final class AccessChangeRepository {

  /** A stored change and its row id. */
  public record Pending(long id, AccessChange change) {
  }

  private final String insert;
  private final String pending;
  private final String markApplied;

  public AccessChangeRepository(Store store) {
    this.insert = store.dialect().sql("INSERT INTO access_changes (user_id, change, created_at) VALUES ($1, $2, $3)");
    // Ordered like the (applied_at, id) index: see OutboxRepository.
    this.pending = store.dialect().sql("SELECT id, change FROM access_changes WHERE applied_at IS NULL "
      + "ORDER BY applied_at, id LIMIT $1 FOR UPDATE");
    this.markApplied = store.dialect().sql("UPDATE access_changes SET applied_at = $2 WHERE id = $1");
  }

  public Future<Void> add(SqlConnection conn, AccessChange change, long nowMs) {
    return conn.preparedQuery(insert).execute(Tuple.of(change.userId(), change.toJson().encode(), nowMs)).mapEmpty();
  }

  /**
   * Up to {@code limit} unapplied changes in id order, locked for the caller's transaction. Deliberately not
   * {@code SKIP LOCKED}: relays on two nodes taking two batches at once could apply one user's changes out of
   * order (an add after its removal); waiting keeps them in order.
   */
  public Future<List<Pending>> pending(SqlConnection conn, int limit) {
    return conn.preparedQuery(pending)
      .execute(Tuple.of(limit))
      .map(rows -> {
        List<Pending> changes = new ArrayList<>();
        for (Row row : rows) {
          changes.add(new Pending(row.getLong("id"), AccessChange.fromJson(new JsonObject(row.getString("change")))));
        }
        return changes;
      });
  }

  public Future<Void> markApplied(SqlConnection conn, long id, long nowMs) {
    return conn.preparedQuery(markApplied).execute(Tuple.of(id, nowMs)).mapEmpty();
  }
}
