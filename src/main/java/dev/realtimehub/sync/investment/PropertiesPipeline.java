package dev.realtimehub.sync.investment;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * properties → investment tracking. A property item replaces the property's state and its links to investment
 * groups when its {@code version} is newer than the stored one; an older or equal version is ignored and audited
 * as {@code properties.stale_version}. The property's row is locked first (created when new), so concurrent updates
 * of one property apply one after the other and the newest version wins whatever the arrival order. Every group the
 * property was or is now linked to is then locked in id order, revalued (the sum of its linked properties' values)
 * and announced as {@code investment.valuation_updated} on {@code investment.{groupId}}.
 */
public final class PropertiesPipeline implements Pipeline {

  private final AuditRepository audit;
  private final OutboxRepository outbox;
  private final InvestmentGroupRepository groups;
  private final String ensure;
  private final String lock;
  private final String update;
  private final String links;
  private final String unlink;
  private final String link;

  public PropertiesPipeline(Store store, AuditRepository audit, OutboxRepository outbox) {
    this.audit = audit;
    this.outbox = outbox;
    this.groups = new InvestmentGroupRepository(store);
    // A new property starts as a placeholder older than any version, so that creating and updating are one path.
    this.ensure = store.dialect().sql("INSERT INTO property (id, status, value, currency, version, updated_at) "
      + "VALUES ($1, '', 0, '', -1, $2) ON CONFLICT DO NOTHING");
    this.lock = store.dialect().sql("SELECT version FROM property WHERE id = $1 FOR UPDATE");
    this.update = store.dialect().sql("UPDATE property SET status = $2, value = $3, currency = $4, version = $5, "
      + "updated_at = $6 WHERE id = $1");
    this.links = store.dialect().sql("SELECT group_id FROM property_group WHERE property_id = $1");
    this.unlink = store.dialect().sql("DELETE FROM property_group WHERE property_id = $1");
    this.link = store.dialect().sql("INSERT INTO property_group (property_id, group_id) VALUES ($1, $2) "
      + "ON CONFLICT DO NOTHING");
  }

  @Override
  public String source() {
    return "properties";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    List<JsonObject> items = sortedById(event.payload().getJsonArray("items"));
    Set<String> touched = new TreeSet<>();
    JsonArray applied = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> applyItem(conn, event, item, touched, applied, nowMs));
    }
    return chain
      .compose(v -> announceGroups(conn, touched, nowMs))
      .compose(v -> audit.add(conn, event, "properties.applied", new JsonObject()
        .put("eventId", event.eventId())
        .put("applied", applied)
        .put("groups", new JsonArray(new ArrayList<>(touched))), nowMs));
  }

  /** By id, keeping the order of one property's items: rows are then locked in one order by every event. */
  private static List<JsonObject> sortedById(JsonArray items) {
    List<JsonObject> list = new ArrayList<>();
    items.forEach(item -> list.add((JsonObject) item));
    list.sort(Comparator.comparing(item -> id(item.getValue("id"))));
    return list;
  }

  private Future<Void> applyItem(SqlConnection conn, InboxEvent event, JsonObject item, Set<String> touched,
                                 JsonArray applied, long nowMs) {
    String id = id(item.getValue("id"));
    long version = item.getLong("version");
    return conn.preparedQuery(ensure).execute(Tuple.of(id, nowMs))
      .compose(v -> conn.preparedQuery(lock).execute(Tuple.of(id)))
      .map(rows -> rows.iterator().next().getLong("version"))
      .compose(current -> version <= current ? stale(conn, event, id, version, current, nowMs)
        : replace(conn, item, id, version, touched, nowMs).onSuccess(v -> applied.add(id)));
  }

  private Future<Void> stale(SqlConnection conn, InboxEvent event, String id, long version, long current,
                             long nowMs) {
    return audit.add(conn, event, "properties.stale_version", new JsonObject()
      .put("propertyId", id)
      .put("version", version)
      .put("currentVersion", current), nowMs);
  }

  private Future<Void> replace(SqlConnection conn, JsonObject item, String id, long version, Set<String> touched,
                               long nowMs) {
    List<String> newGroups = new ArrayList<>();
    item.getJsonArray("groupIds").forEach(group -> newGroups.add(id(group)));
    return conn.preparedQuery(links).execute(Tuple.of(id))
      .map(rows -> {
        rows.forEach(row -> touched.add(row.getString("group_id")));
        touched.addAll(newGroups);
        return null;
      })
      .compose(v -> conn.preparedQuery(update).execute(Tuple.of(id, item.getString("status"),
        new BigDecimal(item.getValue("value").toString()), item.getString("currency"), version, nowMs)))
      .compose(v -> conn.preparedQuery(unlink).execute(Tuple.of(id)))
      .compose(v -> newGroups.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(link).executeBatch(newGroups.stream().map(group -> Tuple.of(id, group)).toList()))
      .mapEmpty();
  }

  private Future<Void> announceGroups(SqlConnection conn, Set<String> touched, long nowMs) {
    Future<Void> chain = Future.succeededFuture();
    for (String group : touched) {
      chain = chain.compose(v -> groups.lock(conn, group, nowMs))
        .compose(v -> groups.revalue(conn, group, nowMs))
        .compose(v -> groups.state(conn, group))
        .compose(state -> outbox.add(conn, "investment." + group, "investment.valuation_updated", state, nowMs));
    }
    return chain;
  }

  static String id(Object value) {
    return String.valueOf(value);
  }
}
