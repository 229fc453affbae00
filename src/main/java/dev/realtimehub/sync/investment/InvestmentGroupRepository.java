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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@code investment_group} and the reading of {@code investment_holding}. Every change of a group
 * starts by locking its row ({@link #lock}, which creates the row when needed, or the upsert of
 * {@link InvestmentLedger}) for the caller's transaction: concurrent valuations and investments of one group
 * therefore apply one after the other, and each sees the other's result. Callers lock groups in id order, so
 * that two events never wait for each other.
 */
final class InvestmentGroupRepository {

  /** Owners listed in an ownership message; the count says how many there are in all. */
  static final int MAX_OWNERS_LISTED = 100;
  private static final int SHARE_SCALE = 6;

  private final String ensure;
  private final String lock;
  private final String valuation;
  private final String updateValuation;
  private final String owners;
  private final String ownersOf;
  private final String selectGroup;

  InvestmentGroupRepository(Store store) {
    this.ensure = store.dialect().sql("INSERT INTO investment_group (id, valuation, properties, invested, updated_at) "
      + "VALUES ($1, 0, 0, 0, $2) ON CONFLICT DO NOTHING");
    this.lock = store.dialect().sql("SELECT id FROM investment_group WHERE id = $1 FOR UPDATE");
    this.valuation = store.dialect().sql("SELECT COALESCE(SUM(p.value), 0) AS total, COUNT(p.id) AS properties "
      + "FROM property_group g JOIN property p ON p.id = g.property_id WHERE g.group_id = $1");
    this.updateValuation = store.dialect().sql("UPDATE investment_group SET valuation = $2, properties = $3, "
      + "updated_at = $4 WHERE id = $1");
    // The window counts every owner of the group before the limit cuts the list.
    this.owners = store.dialect().sql("SELECT user_id, amount, COUNT(*) OVER () AS owners FROM investment_holding "
      + "WHERE group_id = $1 ORDER BY amount DESC, user_id LIMIT " + MAX_OWNERS_LISTED);
    this.ownersOf = "SELECT group_id, user_id, amount, owners FROM (SELECT group_id, user_id, amount, "
      + "COUNT(*) OVER (PARTITION BY group_id) AS owners, "
      + "ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY amount DESC, user_id) AS place "
      + "FROM investment_holding WHERE group_id = ANY($1::varchar[])) o "
      + "WHERE place <= " + MAX_OWNERS_LISTED + " ORDER BY group_id, place";
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

  /** The group's row as it stands, {@code null} when there is no such group. */
  Future<Group> row(SqlClient client, String groupId) {
    return client.preparedQuery(selectGroup).execute(Tuple.of(groupId))
      .map(rows -> rows.size() == 0 ? null : group(rows.iterator().next()));
  }

  /**
   * The group as its channel shows it: valuation, total invested and the largest owners, each with the share of
   * the total they invested and that share of the valuation ({@code value}, the distribution of the valuation).
   */
  Future<JsonObject> state(SqlClient client, String groupId) {
    return row(client, groupId).compose(group -> group == null ? Future.succeededFuture(null)
      : owners(client, groupId).map(owners -> state(group, owners)));
  }

  /** The largest owners of the group, each row with the count of all of them. */
  Future<RowSet<Row>> owners(SqlClient client, String groupId) {
    return client.preparedQuery(owners).execute(Tuple.of(groupId));
  }

  /**
   * PostgreSQL: the largest owners of each of the groups, as {@link #owners} lists them, by group; a group without
   * owners is left out.
   */
  Future<Map<String, List<Row>>> ownersOf(SqlClient client, Collection<String> groupIds) {
    return client.preparedQuery(ownersOf).execute(Tuple.of(groupIds.toArray(new String[0])))
      .map(rows -> {
        Map<String, List<Row>> byGroup = new HashMap<>();
        rows.forEach(row -> byGroup.computeIfAbsent(row.getString("group_id"), id -> new ArrayList<>()).add(row));
        return byGroup;
      });
  }

  /** The group's state from its row and its {@link #owners}. */
  static JsonObject state(Group group, Iterable<Row> owners) {
    Iterator<Row> first = owners.iterator();
    return group.toJson()
      .put("ownerCount", first.hasNext() ? first.next().getLong("owners") : 0L)
      .put("owners", owners(owners, group));
  }

  /** Reads a row of {@code investment_group} ({@code id, valuation, properties, invested, updated_at}). */
  static Group group(Row row) {
    return new Group(row.getString("id"), row.getBigDecimal("valuation"), row.getInteger("properties"),
      row.getBigDecimal("invested"), row.getLong("updated_at"));
  }

  private static JsonArray owners(Iterable<Row> rows, Group group) {
    BigDecimal invested = group.invested();
    BigDecimal valuation = group.valuation();
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

  /** A group's row: its valuation, linked properties and total invested. */
  record Group(String id, BigDecimal valuation, int properties, BigDecimal invested, long updatedAt) {

    JsonObject toJson() {
      return new JsonObject()
        .put("groupId", id)
        .put("valuation", KpiRepository.plain(valuation))
        .put("properties", properties)
        .put("invested", KpiRepository.plain(invested))
        .put("updatedAt", updatedAt);
    }
  }

  /** {@code amount / total} to six decimals; 0 when nothing is invested. */
  static BigDecimal share(BigDecimal amount, BigDecimal total) {
    return total.signum() == 0 ? BigDecimal.ZERO : amount.divide(total, SHARE_SCALE, RoundingMode.HALF_EVEN);
  }
}
