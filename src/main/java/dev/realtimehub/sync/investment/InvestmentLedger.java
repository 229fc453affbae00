package dev.realtimehub.sync.investment;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Records investments: the {@code investment} row (once per id), the group's total and the investor's holding,
 * with the group's row locked before the holding's. On PostgreSQL any number of them are one statement
 * ({@link #recordAll}: an insert feeding two upserts); on H2 each is the same change in several statements
 * ({@link #record}).
 */
final class InvestmentLedger {

  private final InvestmentGroupRepository groups;
  private final boolean recordsTogether;
  private final String recordAll;
  private final String insert;
  private final String addInvested;
  private final String addHolding;
  private final String insertHolding;
  private final String holding;

  InvestmentLedger(Store store, InvestmentGroupRepository groups) {
    this.groups = groups;
    this.recordsTogether = store.dialect().chainsWrites();
    // Each group's and holding's sum in one upsert, groups in id order; the holdings' upsert reads the groups', so
    // a group row is locked before its holdings, as everywhere else.
    this.recordAll = "WITH added AS (INSERT INTO investment "
      + "(id, group_id, user_id, property_id, amount, occurred_at, inbox_id) "
      + "SELECT id, group_id, user_id, property_id, amount::numeric, occurred_at, inbox_id "
      + "FROM UNNEST($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], "
      + "$7::bigint[]) WITH ORDINALITY AS i(id, group_id, user_id, property_id, amount, occurred_at, inbox_id, n) "
      + "ORDER BY n ON CONFLICT DO NOTHING RETURNING id, group_id, user_id, amount), "
      + "grp AS (INSERT INTO investment_group AS g (id, valuation, properties, invested, updated_at) "
      + "SELECT group_id, 0, 0, SUM(amount), $8::bigint FROM added GROUP BY group_id ORDER BY group_id "
      + "ON CONFLICT (id) DO UPDATE SET invested = g.invested + EXCLUDED.invested, updated_at = EXCLUDED.updated_at "
      + "RETURNING g.id, g.valuation, g.properties, g.invested, g.updated_at), "
      + "held AS (INSERT INTO investment_holding AS h (group_id, user_id, amount, updated_at) "
      + "SELECT a.group_id, a.user_id, SUM(a.amount), $8::bigint FROM added a JOIN grp ON grp.id = a.group_id "
      + "GROUP BY a.group_id, a.user_id ORDER BY a.group_id, a.user_id ON CONFLICT (group_id, user_id) "
      + "DO UPDATE SET amount = h.amount + EXCLUDED.amount, updated_at = EXCLUDED.updated_at "
      + "RETURNING h.group_id, h.user_id, h.amount) "
      + "SELECT 'added' AS kind, id AS investment_id, group_id AS id, user_id, amount, "
      + "NULL::numeric AS valuation, NULL::int AS properties, NULL::numeric AS invested, NULL::bigint AS updated_at "
      + "FROM added "
      + "UNION ALL SELECT 'group', NULL, id, NULL, NULL, valuation, properties, invested, updated_at FROM grp "
      + "UNION ALL SELECT 'holding', NULL, group_id, user_id, amount, NULL, NULL, NULL, NULL FROM held";
    this.insert = store.dialect().sql("INSERT INTO investment (id, group_id, user_id, property_id, amount, "
      + "occurred_at, inbox_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
    this.addInvested = store.dialect().sql("UPDATE investment_group SET invested = invested + $2, updated_at = $3 "
      + "WHERE id = $1");
    this.addHolding = store.dialect().sql("UPDATE investment_holding SET amount = amount + $3, updated_at = $4 "
      + "WHERE group_id = $1 AND user_id = $2");
    this.insertHolding = store.dialect().sql("INSERT INTO investment_holding (group_id, user_id, amount, updated_at) "
      + "VALUES ($1, $2, $3, $4)");
    this.holding = store.dialect().sql("SELECT amount FROM investment_holding WHERE group_id = $1 AND user_id = $2");
  }

  /** Whether this store records investments with {@link #recordAll} (PostgreSQL), else with {@link #record}. */
  boolean recordsTogether() {
    return recordsTogether;
  }

  /** The investor's holding and the group's row after an investment. */
  record Invested(BigDecimal holding, InvestmentGroupRepository.Group group) {
  }

  /**
   * H2: records the investment in the caller's transaction, leaving its group locked; {@code null} when an
   * investment with this id was recorded before (nothing changed).
   */
  Future<Invested> record(SqlConnection conn, Investment investment, long inboxId, long nowMs) {
    Tuple values = Tuple.of(investment.id(), investment.groupId(), investment.userId(), investment.propertyId(),
      investment.amount(), investment.occurredAt(), inboxId);
    Future<Void> locked = groups.lock(conn, investment.groupId(), nowMs);
    Future<RowSet<Row>> inserted = conn.preparedQuery(insert).execute(values);
    return Future.all(locked, inserted)
      .compose(v -> inserted.result().rowCount() == 0 ? Future.succeededFuture(null) : add(conn, investment, nowMs));
  }

  /** What {@link #recordAll} did: the investments recorded (by id, as stored), and the rows they left. */
  record RecordedAll(Map<String, BigDecimal> amounts, Map<String, InvestmentGroupRepository.Group> groups,
                     Map<Holder, BigDecimal> holdings) {
  }

  /** An investor in a group. */
  record Holder(String groupId, String userId) {
  }

  /**
   * PostgreSQL ({@link #recordsTogether()}): records investments of several events in one statement, in the caller's
   * transaction, leaving their groups locked. {@code items} must not repeat an id; {@code inboxIds} gives each
   * item's event. Investments recorded before are left out of the answer; the groups' and holdings' rows are as
   * all the new ones left them.
   */
  Future<RecordedAll> recordAll(SqlConnection conn, List<Investment> items, List<Long> inboxIds, long nowMs) {
    return conn.preparedQuery(recordAll)
      .execute(Tuple.of(column(items, Investment::id), column(items, Investment::groupId),
          column(items, Investment::userId), column(items, Investment::propertyId),
          column(items, item -> item.amount().toPlainString()), column(items, Investment::occurredAt),
          inboxIds.toArray(Long[]::new))
        .addLong(nowMs))
      .map(rows -> {
        RecordedAll recorded = new RecordedAll(new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (Row row : rows) {
          switch (row.getString("kind")) {
            case "added" -> recorded.amounts().put(row.getString("investment_id"), row.getBigDecimal("amount"));
            case "group" -> recorded.groups().put(row.getString("id"), InvestmentGroupRepository.group(row));
            default -> recorded.holdings().put(new Holder(row.getString("id"), row.getString("user_id")),
              row.getBigDecimal("amount"));
          }
        }
        return recorded;
      });
  }

  private Future<Invested> add(SqlConnection conn, Investment investment, long nowMs) {
    String groupId = investment.groupId();
    String userId = investment.userId();
    Future<RowSet<Row>> total = conn.preparedQuery(addInvested).execute(Tuple.of(groupId, investment.amount(), nowMs));
    Future<RowSet<Row>> added = conn.preparedQuery(addHolding)
      .execute(Tuple.of(groupId, userId, investment.amount(), nowMs));
    return Future.all(total, added)
      .compose(v -> added.result().rowCount() == 1 ? Future.succeededFuture()
        : conn.preparedQuery(insertHolding).execute(Tuple.of(groupId, userId, investment.amount(), nowMs)).mapEmpty())
      .compose(v -> {
        Future<RowSet<Row>> held = conn.preparedQuery(holding).execute(Tuple.of(groupId, userId));
        Future<InvestmentGroupRepository.Group> group = groups.row(conn, groupId);
        return Future.all(held, group)
          .map(all -> new Invested(held.result().iterator().next().getBigDecimal("amount"), group.result()));
      });
  }

  private static String[] column(List<Investment> items, Function<Investment, String> value) {
    return items.stream().map(value).toArray(String[]::new);
  }
}
