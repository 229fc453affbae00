package dev.realtimehub.sync.investment;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.pipeline.KpiRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The SQL of {@code investment_group} and {@code investment_holding}. Every change of a group starts with
 * {@link #lock}, which creates the group's row when needed and locks it for the caller's transaction: concurrent
 * valuations and investments of one group therefore apply one after the other, and each sees the other's result.
 * Callers lock groups in id order, so that two events never wait for each other.
 */
final class InvestmentGroupRepository {

  /** Owners listed in an ownership message; the count says how many there are in all. */
  static final int MAX_OWNERS_LISTED = 100;
  private static final int SHARE_SCALE = 6;

  private final String ensure;
  private final String lock;
  private final String valuation;
  private final String updateValuation;
  private final String addInvested;
  private final String addHolding;
  private final String insertHolding;
  private final String holding;
  private final String owners;
  private final String ownerCount;
  private final String selectGroup;
  private final String invested;

  InvestmentGroupRepository(Store store) {
    this.ensure = store.dialect().sql("INSERT INTO investment_group (id, valuation, properties, invested, updated_at) "
      + "VALUES ($1, 0, 0, 0, $2) ON CONFLICT DO NOTHING");
    this.lock = store.dialect().sql("SELECT id FROM investment_group WHERE id = $1 FOR UPDATE");
    this.valuation = store.dialect().sql("SELECT COALESCE(SUM(p.value), 0) AS total, COUNT(p.id) AS properties "
      + "FROM property_group g JOIN property p ON p.id = g.property_id WHERE g.group_id = $1");
    this.updateValuation = store.dialect().sql("UPDATE investment_group SET valuation = $2, properties = $3, "
      + "updated_at = $4 WHERE id = $1");
    this.addInvested = store.dialect().sql("UPDATE investment_group SET invested = invested + $2, updated_at = $3 "
      + "WHERE id = $1");
    this.addHolding = store.dialect().sql("UPDATE investment_holding SET amount = amount + $3, updated_at = $4 "
      + "WHERE group_id = $1 AND user_id = $2");
    this.insertHolding = store.dialect().sql("INSERT INTO investment_holding (group_id, user_id, amount, updated_at) "
      + "VALUES ($1, $2, $3, $4)");
    this.holding = store.dialect().sql("SELECT amount FROM investment_holding WHERE group_id = $1 AND user_id = $2");
    this.owners = store.dialect().sql("SELECT user_id, amount FROM investment_holding WHERE group_id = $1 "
      + "ORDER BY amount DESC, user_id LIMIT " + MAX_OWNERS_LISTED);
    this.ownerCount = store.dialect().sql("SELECT COUNT(*) AS owners FROM investment_holding WHERE group_id = $1");
    this.invested = store.dialect().sql("SELECT invested FROM investment_group WHERE id = $1");
    this.selectGroup = store.dialect().sql("SELECT id, valuation, properties, invested, updated_at "
      + "FROM investment_group WHERE id = $1");
  }

  /**
   * Creates the group's row when it is new and locks it until the caller's transaction ends. Statements issued
   * together on one connection run in that order; PostgreSQL gets them in one round trip (here and below).
   */
  Future<Void> lock(SqlConnection conn, String groupId, long nowMs) {
    return Future.all(conn.preparedQuery(ensure).execute(Tuple.of(groupId, nowMs)),
        conn.preparedQuery(lock).execute(Tuple.of(groupId)))
      .mapEmpty();
  }

  /** Recomputes the group's valuation from its linked properties; call with the group locked. */
  Future<Void> revalue(SqlConnection conn, String groupId, long nowMs) {
    return conn.preparedQuery(valuation).execute(Tuple.of(groupId))
      .map(rows -> rows.iterator().next())
      .compose(row -> conn.preparedQuery(updateValuation).execute(Tuple.of(groupId, row.getBigDecimal("total"),
        row.getLong("properties").intValue(), nowMs)))
      .mapEmpty();
  }

  /** An investor's holding in a group and the group's total invested, after an investment. */
  record Holding(BigDecimal amount, BigDecimal groupInvested) {
  }

  /** Adds an investment to the group's total and to its investor's holding; call with the group locked. */
  Future<Holding> invest(SqlConnection conn, String groupId, String userId, BigDecimal amount, long nowMs) {
    Future<RowSet<Row>> total = conn.preparedQuery(addInvested).execute(Tuple.of(groupId, amount, nowMs));
    Future<RowSet<Row>> added = conn.preparedQuery(addHolding).execute(Tuple.of(groupId, userId, amount, nowMs));
    return Future.all(total, added)
      .compose(v -> added.result().rowCount() == 1 ? Future.succeededFuture()
        : conn.preparedQuery(insertHolding).execute(Tuple.of(groupId, userId, amount, nowMs)).mapEmpty())
      .compose(v -> holding(conn, groupId, userId));
  }

  private Future<Holding> holding(SqlConnection conn, String groupId, String userId) {
    Future<RowSet<Row>> held = conn.preparedQuery(holding).execute(Tuple.of(groupId, userId));
    Future<RowSet<Row>> total = conn.preparedQuery(invested).execute(Tuple.of(groupId));
    return Future.all(held, total).map(v -> new Holding(held.result().iterator().next().getBigDecimal("amount"),
      total.result().iterator().next().getBigDecimal("invested")));
  }

  /**
   * The group as its channel shows it: valuation, total invested and the largest owners, each with the share of
   * the total they invested and that share of the valuation ({@code value}, the distribution of the valuation).
   */
  Future<JsonObject> state(SqlClient client, String groupId) {
    return client.preparedQuery(selectGroup).execute(Tuple.of(groupId))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null)
        : withOwners(client, group(rows.iterator().next())));
  }

  private Future<JsonObject> withOwners(SqlClient client, JsonObject group) {
    String groupId = group.getString("groupId");
    Future<RowSet<Row>> count = client.preparedQuery(ownerCount).execute(Tuple.of(groupId));
    Future<RowSet<Row>> listed = client.preparedQuery(owners).execute(Tuple.of(groupId));
    return Future.all(count, listed).map(v -> group
      .put("ownerCount", count.result().iterator().next().getLong("owners"))
      .put("owners", owners(listed.result(), group)));
  }

  private static JsonObject group(Row row) {
    return new JsonObject()
      .put("groupId", row.getString("id"))
      .put("valuation", KpiRepository.plain(row.getBigDecimal("valuation")))
      .put("properties", row.getInteger("properties"))
      .put("invested", KpiRepository.plain(row.getBigDecimal("invested")))
      .put("updatedAt", row.getLong("updated_at"));
  }

  private static JsonArray owners(Iterable<Row> rows, JsonObject group) {
    BigDecimal invested = (BigDecimal) group.getValue("invested");
    BigDecimal valuation = (BigDecimal) group.getValue("valuation");
    JsonArray list = new JsonArray();
    for (Row row : rows) {
      BigDecimal amount = row.getBigDecimal("amount");
      BigDecimal share = share(amount, invested);
      list.add(new JsonObject()
        .put("userId", row.getString("user_id"))
        .put("amount", KpiRepository.plain(amount))
        .put("share", share)
        .put("value", KpiRepository.plain(valuation.multiply(share).setScale(2, RoundingMode.HALF_EVEN))));
    }
    return list;
  }

  /** {@code amount / total} to six decimals; 0 when nothing is invested. */
  static BigDecimal share(BigDecimal amount, BigDecimal total) {
    return total.signum() == 0 ? BigDecimal.ZERO : amount.divide(total, SHARE_SCALE, RoundingMode.HALF_EVEN);
  }
}
