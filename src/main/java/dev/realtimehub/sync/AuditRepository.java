package dev.realtimehub.sync;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** The SQL of the {@code audit} table: one row per applied event, written in the event's transaction. */
public final class AuditRepository {

  private final String insert;

  public AuditRepository(Store store) {
    this.insert = store.dialect().sql("INSERT INTO audit (inbox_id, source, action, detail, created_at) "
      + "VALUES ($1, $2, $3, $4, $5)");
  }

  public Future<Void> add(SqlConnection conn, InboxEvent event, String action, JsonObject detail, long nowMs) {
    return conn.preparedQuery(insert)
      .execute(Tuple.of(event.id(), event.source(), action, detail.encode(), nowMs))
      .mapEmpty();
  }
}
