package dev.realtimehub.sync.pipeline;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.outbox.OutboxRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the outbox rows of one KPI change, inside the pipeline's transaction: {@code kpi.updated} with the full
 * state (coalesced, so the relay debounces it on the {@code kpi} type), a {@code kpi.alert} for every alert level
 * the change passed, and {@code kpi.target_reached} the first time the value reaches its target. A crossing is
 * found from the value before and after this change, which the KPI row's lock makes exact, so each one is
 * announced once; a target is remembered in {@code kpi_target_reached}, so it is announced once per KPI.
 */
public final class KpiAnnouncer {

  static final String UPDATED = "kpi.updated";
  static final String ALERT = "kpi.alert";
  static final String TARGET_REACHED = "kpi.target_reached";

  private final KpiRules rules;
  private final OutboxRepository outbox;
  private final String rememberTarget;

  public KpiAnnouncer(Store store, KpiRules rules, OutboxRepository outbox) {
    this.rules = rules;
    this.outbox = outbox;
    this.rememberTarget = store.dialect().sql("INSERT INTO kpi_target_reached (kpi_id, target, reached_at) "
      + "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
  }

  /** Announces {@code kpi} (its state after the change) that changed by {@code delta}. */
  public Future<Void> announce(SqlConnection conn, JsonObject kpi, BigDecimal delta, BigDecimal goal, long nowMs) {
    String channel = "kpi." + kpi.getString("id");
    BigDecimal after = new BigDecimal(kpi.getValue("value").toString());
    BigDecimal before = after.subtract(delta);
    KpiRules.Rule rule = rules.ruleOf(kpi.getString("metric"), kpi.getString("scope"), kpi.getString("scopeId"));
    Future<Void> chain = outbox.add(conn, channel, UPDATED, kpi, UPDATED, nowMs);
    for (KpiRules.Crossing crossing : KpiRules.crossings(rule, before, after)) {
      chain = chain.compose(v -> outbox.add(conn, channel, ALERT, kpi.copy()
        .put("level", KpiRepository.plain(crossing.level()))
        .put("direction", crossing.direction()), nowMs));
    }
    for (BigDecimal target : targets(rule, goal)) {
      if (after.compareTo(target) >= 0) {
        chain = chain.compose(v -> targetReached(conn, channel, kpi, target, nowMs));
      }
    }
    return chain;
  }

  private static List<BigDecimal> targets(KpiRules.Rule rule, BigDecimal goal) {
    if (rule.target() == null) {
      return goal == null ? List.of() : List.of(goal);
    }
    return goal == null || goal.compareTo(rule.target()) == 0 ? List.of(rule.target()) : List.of(rule.target(), goal);
  }

  private Future<Void> targetReached(SqlConnection conn, String channel, JsonObject kpi, BigDecimal target,
                                     long nowMs) {
    return conn.preparedQuery(rememberTarget)
      .execute(Tuple.of(kpi.getString("id"), target, nowMs))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
        : outbox.add(conn, channel, TARGET_REACHED, kpi.copy().put("target", KpiRepository.plain(target)), nowMs));
  }
}
