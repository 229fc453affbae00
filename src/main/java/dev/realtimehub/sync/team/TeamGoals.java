package dev.realtimehub.sync.team;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;

/**
 * The SQL of {@code team_goal}: a team's goal for one KPI metric, set by {@code goal_updated} team changes and read
 * by the transactions pipeline as a further target of the team's KPI ({@code {metric}.team.{teamId}}).
 */
public final class TeamGoals {

  private final String update;
  private final String insert;
  private final String select;

  public TeamGoals(Store store) {
    this.update = store.dialect().sql("UPDATE team_goal SET target = $3, updated_at = $4 WHERE team_id = $1 "
      + "AND metric = $2");
    this.insert = store.dialect().sql("INSERT INTO team_goal (team_id, metric, target, updated_at) "
      + "VALUES ($1, $2, $3, $4)");
    this.select = store.dialect().sql("SELECT target FROM team_goal WHERE team_id = $1 AND metric = $2");
  }

  /** Sets the goal in the caller's transaction; a concurrent first insert fails the event, which is retried. */
  Future<Void> set(SqlConnection conn, String teamId, String metric, BigDecimal target, long nowMs) {
    return conn.preparedQuery(update).execute(Tuple.of(teamId, metric, target, nowMs))
      .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
        : conn.preparedQuery(insert).execute(Tuple.of(teamId, metric, target, nowMs)).mapEmpty());
  }

  /** The team's goal for the metric, or {@code null}. */
  public Future<BigDecimal> goal(SqlConnection conn, String teamId, String metric) {
    return conn.preparedQuery(select).execute(Tuple.of(teamId, metric))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBigDecimal("target"));
  }
}
