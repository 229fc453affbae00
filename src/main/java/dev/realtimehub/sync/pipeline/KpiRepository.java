package dev.realtimehub.sync.pipeline;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;

/**
 * The SQL of the {@code kpi} table. A KPI's id is {@code {metric}.{scope}.{scopeId}}. Adding to a KPI updates
 * its row or creates it; two workers creating one KPI at once make one of them fail on the primary key and
 * retry, so no increment is lost.
 */
public final class KpiRepository {

  private final Store store;
  private final String update;
  private final String insert;
  private final String select;

  public KpiRepository(Store store) {
    this.store = store;
    this.update = store.dialect().sql("UPDATE kpi SET value = value + $2, updated_at = $3 WHERE id = $1");
    this.insert = store.dialect().sql("INSERT INTO kpi (id, metric, scope, scope_id, value, updated_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6)");
    this.select = store.dialect().sql("SELECT id, metric, scope, scope_id, value, updated_at FROM kpi WHERE id = $1");
  }

  /** The KPI's id. */
  public static String id(String metric, String scope, String scopeId) {
    return metric + "." + scope + "." + scopeId;
  }

  /** Adds {@code delta} to the KPI inside the caller's transaction and answers its new state. */
  public Future<JsonObject> add(SqlConnection conn, String metric, String scope, String scopeId, BigDecimal delta,
                                long nowMs) {
    String id = id(metric, scope, scopeId);
    return conn.preparedQuery(update)
      .execute(Tuple.of(id, delta, nowMs))
      .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
        : conn.preparedQuery(insert).execute(Tuple.of(id, metric, scope, scopeId, delta, nowMs)).mapEmpty())
      .compose(v -> find(conn, id));
  }

  /** The KPI as the API shows it, or {@code null}. */
  public Future<JsonObject> find(String id) {
    return find(store.pool(), id);
  }

  private Future<JsonObject> find(SqlClient client, String id) {
    return client.preparedQuery(select)
      .execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getString("id"))
      .put("metric", row.getString("metric"))
      .put("scope", row.getString("scope"))
      .put("scopeId", row.getString("scope_id"))
      .put("value", plain(row.getBigDecimal("value")))
      .put("updatedAt", row.getLong("updated_at"));
  }

  /** {@code 150.0000} as {@code 150}: amounts keep only the decimals they need. */
  public static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
