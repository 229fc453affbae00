package dev.realtimehub.sync.pipeline;

import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.team.TeamGoals;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * transactions → KPIs. Each new transaction (a transaction id seen before is skipped) adds its amount to
 * {@code sales_volume} and one deal to {@code deal_count} of its agent and its team; a refund subtracts both.
 * A refund that would take a KPI below zero fails the event (its sale may not have arrived yet), so it is
 * retried and, if the sale never comes, dead-lettered. Every changed KPI is announced on {@code kpi.{id}} by
 * {@link KpiAnnouncer}: {@code kpi.updated} with its new value, and the alerts and targets it reached; a team's
 * goal for the metric is a further target of its team KPI.
 */
public final class TransactionsPipeline implements Pipeline {

  static final String SALES_VOLUME = "sales_volume";
  static final String DEAL_COUNT = "deal_count";

  private final KpiRepository kpis;
  private final AuditRepository audit;
  private final KpiAnnouncer announcer;
  private final TeamGoals goals;
  private final String insertTransaction;

  public TransactionsPipeline(Store store, KpiRepository kpis, AuditRepository audit, KpiAnnouncer announcer,
                              TeamGoals goals) {
    this.kpis = kpis;
    this.audit = audit;
    this.announcer = announcer;
    this.goals = goals;
    this.insertTransaction = store.dialect().sql("INSERT INTO transactions (id, agent_id, team_id, amount, currency, "
      + "type, occurred_at, inbox_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING");
  }

  @Override
  public String source() {
    return "transactions";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    JsonArray items = event.payload().getJsonArray("items");
    Map<String, Delta> deltas = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      chain = chain.compose(v -> record(conn, event, item))
        .map(isNew -> collect(isNew, item, deltas, skipped));
    }
    return chain
      .compose(v -> applyDeltas(conn, deltas, nowMs))
      .compose(updated -> audit.add(conn, event, "transactions.applied", new JsonObject()
        .put("eventId", event.eventId())
        .put("items", items.size())
        .put("skippedDuplicates", new JsonArray(skipped))
        .put("kpis", updated), nowMs));
  }

  private Future<Boolean> record(SqlConnection conn, InboxEvent event, JsonObject item) {
    return conn.preparedQuery(insertTransaction)
      .execute(Tuple.from(List.of(id(item, "id"), id(item, "agentId"), id(item, "teamId"), amount(item),
        item.getString("currency"), item.getString("type"), item.getString("occurredAt"), event.id())))
      .map(rows -> rows.rowCount() == 1);
  }

  private static Void collect(boolean isNew, JsonObject item, Map<String, Delta> deltas, List<String> skipped) {
    if (!isNew) {
      skipped.add(id(item, "id"));
      return null;
    }
    int sign = "refund".equals(item.getString("type")) ? -1 : 1;
    BigDecimal amount = amount(item).multiply(BigDecimal.valueOf(sign));
    BigDecimal deal = BigDecimal.valueOf(sign);
    for (String scope : List.of("agent", "team")) {
      String scopeId = id(item, scope + "Id");
      deltas.computeIfAbsent(KpiRepository.id(SALES_VOLUME, scope, scopeId),
        k -> new Delta(SALES_VOLUME, scope, scopeId)).add(amount);
      deltas.computeIfAbsent(KpiRepository.id(DEAL_COUNT, scope, scopeId),
        k -> new Delta(DEAL_COUNT, scope, scopeId)).add(deal);
    }
    return null;
  }

  /** In id order, so that concurrent events lock KPI rows in the same order and cannot deadlock. */
  private Future<JsonArray> applyDeltas(SqlConnection conn, Map<String, Delta> deltas, long nowMs) {
    JsonArray updated = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Delta delta : deltas.values()) {
      chain = chain.compose(v -> kpis.add(conn, delta.metric, delta.scope, delta.scopeId, delta.amount, nowMs))
        .compose(kpi -> announce(conn, kpi, delta.amount, nowMs))
        .map(kpi -> {
          updated.add(kpi);
          return null;
        });
    }
    return chain.map(updated);
  }

  private Future<JsonObject> announce(SqlConnection conn, JsonObject kpi, BigDecimal delta, long nowMs) {
    if (kpi.getValue("value") instanceof BigDecimal value && value.signum() < 0) {
      return Future.failedFuture("refund takes " + kpi.getString("id") + " below zero: its sale has not been applied");
    }
    Future<BigDecimal> goal = "team".equals(kpi.getString("scope"))
      ? goals.goal(conn, kpi.getString("scopeId"), kpi.getString("metric")) : Future.succeededFuture();
    return goal.compose(target -> announcer.announce(conn, kpi, delta, target, nowMs)).map(kpi);
  }

  private static String id(JsonObject item, String field) {
    return String.valueOf(item.getValue(field));
  }

  private static BigDecimal amount(JsonObject item) {
    return new BigDecimal(item.getValue("amount").toString());
  }

  /** The change of one KPI within one event. */
  private static final class Delta {
    private final String metric;
    private final String scope;
    private final String scopeId;
    private BigDecimal amount = BigDecimal.ZERO;

    private Delta(String metric, String scope, String scopeId) {
      this.metric = metric;
      this.scope = scope;
      this.scopeId = scopeId;
    }

    private void add(BigDecimal more) {
      amount = amount.add(more);
    }
  }
}
