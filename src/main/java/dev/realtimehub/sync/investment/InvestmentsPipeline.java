package dev.realtimehub.sync.investment;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.KpiRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * investments → ownership and distributions. Each investment not seen before (by its {@code id}) adds its amount to
 * its group's total and to its investor's holding, with the group's row locked (groups in id order), so concurrent
 * investments in one group apply one after the other. Every touched group is announced once per event as
 * {@code investment.ownership_updated} on {@code investment.{groupId}}: total invested, valuation, and the owners
 * with their shares of the total and those shares of the valuation. The investor is told on {@code user.{userId}}
 * ({@code investment.recorded}, stored as a durable notification) with the holding and share after it.
 */
public final class InvestmentsPipeline implements Pipeline {

  private final AuditRepository audit;
  private final OutboxRepository outbox;
  private final UserNotifications notifications;
  private final InvestmentGroupRepository groups;
  private final String insert;

  public InvestmentsPipeline(Store store, AuditRepository audit, OutboxRepository outbox,
                             UserNotifications notifications) {
    this.audit = audit;
    this.outbox = outbox;
    this.notifications = notifications;
    this.groups = new InvestmentGroupRepository(store);
    this.insert = store.dialect().sql("INSERT INTO investment (id, group_id, user_id, property_id, amount, "
      + "occurred_at, inbox_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
  }

  @Override
  public String source() {
    return "investments";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    List<JsonObject> items = new ArrayList<>();
    event.payload().getJsonArray("items").forEach(item -> items.add((JsonObject) item));
    items.sort(Comparator.comparing(item -> String.valueOf(item.getValue("groupId"))));
    Set<String> touched = new TreeSet<>();
    JsonArray skipped = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> applyItem(conn, event, item, touched, skipped, nowMs));
    }
    return chain.compose(v -> Future.all(announceGroups(conn, touched, nowMs),
        audit.add(conn, event, "investments.applied", new JsonObject()
          .put("eventId", event.eventId())
          .put("items", items.size())
          .put("skippedDuplicates", skipped)
          .put("groups", new JsonArray(new ArrayList<>(touched))), nowMs)))
      .mapEmpty();
  }

  private Future<Void> applyItem(SqlConnection conn, InboxEvent event, JsonObject item, Set<String> touched,
                                 JsonArray skipped, long nowMs) {
    String id = String.valueOf(item.getValue("id"));
    String groupId = String.valueOf(item.getValue("groupId"));
    String userId = String.valueOf(item.getValue("userId"));
    BigDecimal amount = new BigDecimal(item.getValue("amount").toString());
    Future<Void> locked = groups.lock(conn, groupId, nowMs);
    Future<RowSet<Row>> inserted = conn.preparedQuery(insert).execute(Tuple.from(List.of(id, groupId, userId,
      String.valueOf(item.getValue("propertyId")), amount, item.getString("occurredAt"), event.id())));
    return Future.all(locked, inserted)
      .compose(v -> {
        if (inserted.result().rowCount() == 0) {
          skipped.add(id);
          return Future.succeededFuture();
        }
        touched.add(groupId);
        return groups.invest(conn, groupId, userId, amount, nowMs)
          .compose(holding -> tellInvestor(conn, item, holding, nowMs));
      });
  }

  private Future<Void> tellInvestor(SqlConnection conn, JsonObject item, InvestmentGroupRepository.Holding holding,
                                   long nowMs) {
    return notifications.add(conn, String.valueOf(item.getValue("userId")), "investment.recorded", new JsonObject()
      .put("investmentId", String.valueOf(item.getValue("id")))
      .put("groupId", String.valueOf(item.getValue("groupId")))
      .put("propertyId", String.valueOf(item.getValue("propertyId")))
      .put("amount", KpiRepository.plain(new BigDecimal(item.getValue("amount").toString())))
      .put("holding", KpiRepository.plain(holding.amount()))
      .put("share", InvestmentGroupRepository.share(holding.amount(), holding.groupInvested()))
      .put("groupInvested", KpiRepository.plain(holding.groupInvested())), nowMs);
  }

  private Future<Void> announceGroups(SqlConnection conn, Set<String> touched, long nowMs) {
    Future<Void> chain = Future.succeededFuture();
    for (String group : touched) {
      chain = chain.compose(v -> groups.state(conn, group))
        .compose(state -> outbox.add(conn, "investment." + group, "investment.ownership_updated", state, nowMs));
    }
    return chain;
  }
}
