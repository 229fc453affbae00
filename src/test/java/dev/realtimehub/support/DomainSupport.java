package dev.realtimehub.support;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Helpers for the tests of the domain pipelines (KPI alerts, properties, investments, teams, user notifications):
 * item builders, hubs with test rule files, and waiting for a webhook's effect.
 */
public final class DomainSupport {

  private static final long WAIT_MS = 8000;

  private DomainSupport() {
  }

  /** A KPI rules file in a temporary directory. */
  public static String kpiRules(String yaml) {
    return write("kpis-", yaml);
  }

  /** {@code conf/channels.yaml} with the {@code kpi} type's debounce window set to {@code debounceMs}. */
  public static String channelsWithKpiDebounce(int debounceMs) {
    try {
      String channels = Files.readString(Path.of("conf/channels.yaml"));
      String changed = channels.replaceFirst("(- name: kpi\\n(?:    .*\\n)*?    debounce_ms: )\\d+",
        "$1" + debounceMs);
      if (changed.equals(channels)) {
        throw new IllegalStateException("conf/channels.yaml: no debounce_ms on the kpi type");
      }
      return write("channels-", changed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(String prefix, String text) {
    try {
      Path file = Files.createTempFile(prefix, ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, text);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts a signed webhook and waits until the KPI has {@code value}, so that events apply in this order. */
  public static Future<Void> applied(TestHub hub, String source, JsonObject envelope, String kpiId, double value) {
    return SyncSupport.post(hub, source, envelope.encode())
      .compose(r -> r.status() == 202 ? Future.succeededFuture()
        : Future.failedFuture("webhook answered " + r.status() + " " + r.body()))
      .compose(v -> eventually(hub.vertx(), () -> SyncSupport.kpi(hub, kpiId)
        .map(r -> r.status() == 200 && r.json().getDouble("value") == value)));
  }

  /** Polls {@code check} until it holds, for at most the sync tests' wait. */
  public static Future<Void> eventually(Vertx vertx, java.util.function.Supplier<Future<Boolean>> check) {
    return ApiSupport.eventually(vertx, WAIT_MS, check);
  }

  /** Runs a query on the hub's own store ({@code $n} parameters), to check state in tables. */
  public static Future<RowSet<Row>> query(TestHub hub, String postgresSql, Object... params) {
    Store store = hub.verticle().services().store();
    return store.pool().preparedQuery(store.dialect().sql(postgresSql)).execute(Tuple.wrap(params));
  }

  /** The first column of the first row of a query, as a long. */
  public static Future<Long> count(TestHub hub, String postgresSql, Object... params) {
    return query(hub, postgresSql, params).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Waits until every inbox row whose event id starts with {@code prefix} is done, {@code expected} in all. */
  public static Future<Void> allDone(TestHub hub, String prefix, long expected) {
    return eventually(hub.vertx(), () -> count(hub, "SELECT COUNT(*) FROM inbox WHERE status = 'done' "
      + "AND event_id LIKE $1", prefix + "%").map(done -> done == expected));
  }

  /** The investment group as {@code GET /api/investments/{id}} shows it. */
  public static Future<TestResponse> group(TestHub hub, String groupId) {
    return hub.request("GET", "/api/investments/" + groupId, null, TestHub.API_KEY);
  }

  /** Waits until the group's valuation is {@code valuation}. */
  public static Future<JsonObject> valuation(TestHub hub, String groupId, double valuation) {
    return eventually(hub.vertx(), () -> group(hub, groupId)
      .map(r -> r.status() == 200 && r.json().getDouble("valuation") == valuation))
      .compose(v -> group(hub, groupId))
      .map(TestResponse::json);
  }

  /** A property item. */
  public static JsonObject property(String id, Number value, long version, String... groupIds) {
    JsonArray groups = new JsonArray();
    for (String group : groupIds) {
      groups.add(group);
    }
    return new JsonObject()
      .put("id", id)
      .put("status", "listed")
      .put("value", value)
      .put("currency", "EUR")
      .put("version", version)
      .put("groupIds", groups);
  }

  /** A team change item with a fresh id; {@code more} adds userId, previousLeaderId, metric or target. */
  public static JsonObject teamChange(String teamId, String change, JsonObject more) {
    return new JsonObject()
      .put("id", "tc-" + UUID.randomUUID())
      .put("teamId", teamId)
      .put("change", change)
      .put("occurredAt", "2026-03-01T09:59:00Z")
      .mergeIn(more);
  }

  /** An investment item with a fresh id. */
  public static JsonObject investment(String groupId, String userId, String propertyId, Number amount) {
    return new JsonObject()
      .put("id", "inv-" + UUID.randomUUID())
      .put("groupId", groupId)
      .put("userId", userId)
      .put("propertyId", propertyId)
      .put("amount", amount)
      .put("occurredAt", "2026-03-01T09:59:00Z");
  }
}
