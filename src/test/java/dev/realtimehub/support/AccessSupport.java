package dev.realtimehub.support;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** Helpers for the users and learning tests: HBH-2 items, the store's tables and the feature API. */
public final class AccessSupport {

  private AccessSupport() {
  }

  /** A users item. */
  public static JsonObject user(String id, long version, List<String> roles, List<String> permissions,
                                List<String> teams, List<String> groups) {
    return new JsonObject()
      .put("id", id)
      .put("roles", new JsonArray(roles))
      .put("permissions", new JsonArray(permissions))
      .put("teams", new JsonArray(teams))
      .put("groups", new JsonArray(groups))
      .put("version", version);
  }

  /** A learning item at {@code occurredAt}. */
  public static JsonObject learning(String userId, String courseId, String status, int progress, String occurredAt) {
    return new JsonObject()
      .put("userId", userId)
      .put("courseId", courseId)
      .put("status", status)
      .put("progress", progress)
      .put("occurredAt", occurredAt);
  }

  /** Runs PostgreSQL-style SQL ({@code $n} parameters) on the hub's store. */
  public static Future<RowSet<Row>> sql(TestHub hub, String pgSql, Object... params) {
    Store store = hub.verticle().services().store();
    return store.pool().preparedQuery(store.dialect().sql(pgSql)).execute(Tuple.from(params));
  }

  /** The first column of the first row as a number (a count). */
  public static Future<Long> count(TestHub hub, String pgSql, Object... params) {
    return sql(hub, pgSql, params).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Completes once every access change of {@code userId} was applied, and at least {@code atLeast} exist. */
  public static Future<Void> accessApplied(Vertx vertx, TestHub hub, String userId, long atLeast) {
    return ApiSupport.eventually(vertx, 8000, () -> count(hub, "SELECT COUNT(*) FROM access_changes "
      + "WHERE user_id = $1 AND applied_at IS NOT NULL", userId)
      .compose(applied -> count(hub, "SELECT COUNT(*) FROM access_changes WHERE user_id = $1", userId)
        .map(all -> applied >= atLeast && applied.equals(all))));
  }

  /** {@code POST /api/shared/features/{action}} with the test API key. */
  public static Future<TestResponse> features(TestHub hub, String action, String body) {
    return hub.request("POST", "/api/shared/features/" + action, body, TestHub.API_KEY);
  }

  public static String access(String userId, String feature) {
    return new JsonObject().put("userId", userId).put("feature", feature).encode();
  }
}
