package dev.realtimehub.sync.investment;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * investments → ownership and distributions. Each investment not seen before (by its {@code id}) adds its amount to
 * its group's total and to its investor's holding, with the group's row locked (groups in id order), so concurrent
 * investments in one group apply one after the other. Every touched group is announced as
 * {@code investment.ownership_updated} on {@code investment.{groupId}}: total invested, valuation, and the owners
 * with their shares of the total and those shares of the valuation; once per event, or, for a run of events a
 * worker applies together ({@link #applyAll}), once per run, as the run left it. The investor is told on
 * {@code user.{userId}} ({@code investment.recorded}, stored as a durable notification) with the holding and share
 * after it.
 */
public final class InvestmentsPipeline implements Pipeline {

  private static final String AUDIT_ACTION = "investments.applied";

  private final AuditRepository audit;
  private final OutboxRepository outbox;
  private final UserNotifications notifications;
  private final InvestmentGroupRepository groups;
  private final InvestmentLedger ledger;

  public InvestmentsPipeline(Store store, AuditRepository audit, OutboxRepository outbox,
                             UserNotifications notifications) {
    this.audit = audit;
    this.outbox = outbox;
    this.notifications = notifications;
    this.groups = new InvestmentGroupRepository(store);
    this.ledger = new InvestmentLedger(store, groups);
  }

  @Override
  public String source() {
    return "investments";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    return apply(conn, event, nowMs, () -> { }, () -> { });
  }

  /**
   * On PostgreSQL the event is a run of one ({@link InvestmentRun}): two round trips, the investments with the reads
   * of their groups' owners ({@code readsSent} runs once they are issued), then everything the event tells, in one
   * statement once those answered; after that nothing can fail it but that statement ({@code lastStatementsSent}).
   * On H2 it is statement by statement.
   */
  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs, Runnable lastStatementsSent,
                            Runnable readsSent) {
    if (ledger.recordsTogether()) {
      return new InvestmentRun(List.of(event)).apply(conn, ledger, groups, AUDIT_ACTION, nowMs, lastStatementsSent,
        readsSent);
    }
    List<Investment> items = Investment.ofEvent(event);
    Applied applied = new Applied();
    Future<Void> chain = Future.succeededFuture();
    for (Investment item : items) {
      chain = chain.compose(v -> ledger.record(conn, item, event.id(), nowMs))
        .map(invested -> applied.add(item, invested));
    }
    return chain.compose(v -> {
      Map<String, Future<RowSet<Row>>> owners = readOwners(conn, List.copyOf(applied.groups.keySet()));
      return Future.all(new ArrayList<>(owners.values()))
        .compose(read -> tell(conn, event, items.size(), applied, owners, nowMs));
    });
  }

  @Override
  public boolean appliesTogether() {
    return ledger.recordsTogether();
  }

  /**
   * PostgreSQL: a run of events in three statements ({@link InvestmentRun}). Each investor's notification carries
   * the holding and group total right after its investment, as if the events had been applied one by one; each
   * touched group is announced once, as the run left it.
   */
  @Override
  public Future<Void> applyAll(SqlConnection conn, List<InboxEvent> events, long nowMs) {
    return new InvestmentRun(events).apply(conn, ledger, groups, AUDIT_ACTION, nowMs, () -> { }, () -> { });
  }

  private Map<String, Future<RowSet<Row>>> readOwners(SqlConnection conn, List<String> groupIds) {
    Map<String, Future<RowSet<Row>>> owners = new TreeMap<>();
    groupIds.forEach(groupId -> owners.computeIfAbsent(groupId, id -> groups.owners(conn, id)));
    return owners;
  }

  /**
   * H2: the investors' notifications, the groups' announcements and the audit row, issued together without waiting
   * for one another: they depend only on what the investments left, which {@code applied} holds (each group's row
   * as its last investment left it, still locked) with the owners read after them (answered by now).
   */
  private Future<Void> tell(SqlConnection conn, InboxEvent event, int itemCount, Applied applied,
                            Map<String, Future<RowSet<Row>>> owners, long nowMs) {
    InvestmentMessages.Audit audited = InvestmentMessages.Audit.of(event, itemCount, applied.skipped,
      applied.groups.keySet());
    List<Future<Void>> writes = new ArrayList<>();
    applied.recorded.forEach(recorded -> writes.add(notifications.add(conn, recorded.item().userId(),
      InvestmentMessages.RECORDED, recorded.data(), nowMs)));
    applied.groups.values().forEach(group -> writes.add(outbox.add(conn, "investment." + group.id(),
      InvestmentMessages.OWNERSHIP_UPDATED, InvestmentGroupRepository.state(group, owners.get(group.id()).result()),
      nowMs)));
    writes.add(audit.add(conn, event, AUDIT_ACTION, audited.detail(), nowMs));
    return Future.all(writes).mapEmpty();
  }

  /** What an event's investments did: those recorded, in order, the duplicates, and each touched group's row. */
  private static final class Applied {
    final List<Recorded> recorded = new ArrayList<>();
    final JsonArray skipped = new JsonArray();
    final Map<String, InvestmentGroupRepository.Group> groups = new TreeMap<>();

    Void add(Investment item, InvestmentLedger.Invested invested) {
      if (invested == null) {
        skipped.add(item.id());
      } else {
        recorded.add(new Recorded(item, invested));
        groups.put(item.groupId(), invested.group());
      }
      return null;
    }
  }

  private record Recorded(Investment item, InvestmentLedger.Invested invested) {

    JsonObject data() {
      return InvestmentMessages.recorded(item, invested.holding(), invested.group().invested());
    }
  }
}
