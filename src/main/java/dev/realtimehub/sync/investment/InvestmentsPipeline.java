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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * investments → ownership and distributions. Each investment not seen before (by its {@code id}) adds its amount to
 * its group's total and to its investor's holding, with the group's row locked (groups in id order), so concurrent
 * investments in one group apply one after the other. Every touched group is announced as
 * {@code investment.ownership_updated} on {@code investment.{groupId}}: total invested, valuation, and the owners
 * with their shares of the total and those shares of the valuation; once per event, or, for a run of events a
 * worker applies together ({@link #applyAll}), once per run, as the run left it. The investor is told on {@code user.{userId}}
 * ({@code investment.recorded}, stored as a durable notification) with the holding and share after it.
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
   * On PostgreSQL the event is two round trips: the investments with the reads of their groups' owners
   * ({@code readsSent} runs once they are issued), then everything the event tells, in one statement once those
   * answered; after that nothing can fail it but that statement ({@code lastStatementsSent}).
   */
  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs, Runnable lastStatementsSent,
                            Runnable readsSent) {
    List<Investment> items = new ArrayList<>();
    event.payload().getJsonArray("items").forEach(item -> items.add(Investment.of((JsonObject) item)));
    items.sort(Comparator.comparing(Investment::groupId));
    Applied applied = new Applied();
    if (ledger.oneStatement()) {
      // Each investment is one statement: they and the reads of their groups' owners go out together, in order.
      List<Future<?>> answers = new ArrayList<>();
      items.forEach(item -> answers.add(ledger.record(conn, item, event.id(), nowMs)
        .map(invested -> applied.add(item, invested))));
      Map<String, Future<RowSet<Row>>> owners = readOwners(conn, items.stream().map(Investment::groupId).toList());
      answers.addAll(owners.values());
      readsSent.run();
      return Future.all(answers).compose(v -> {
        Future<Void> told = tell(conn, event, items.size(), applied, owners, nowMs);
        lastStatementsSent.run();
        return told;
      });
    }
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
    return ledger.oneStatement();
  }

  /**
   * PostgreSQL: a run of events in three statements, two of them sent together: all their investments (an id met
   * twice in the run counts once, at its first event), then the owners of their groups, then everything they
   * tell. Each investor's notification carries the holding and group total right after its investment, as if the
   * events had been applied one by one; each touched group is announced once, as the run left it.
   */
  @Override
  public Future<Void> applyAll(SqlConnection conn, List<InboxEvent> events, long nowMs) {
    List<List<Investment>> eventItems = new ArrayList<>();
    List<Investment> unique = new ArrayList<>();
    List<Long> inboxIds = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> groupIds = new TreeSet<>();
    for (InboxEvent event : events) {
      List<Investment> items = new ArrayList<>();
      event.payload().getJsonArray("items").forEach(item -> items.add(Investment.of((JsonObject) item)));
      items.sort(Comparator.comparing(Investment::groupId));
      eventItems.add(items);
      for (Investment item : items) {
        if (seen.add(item.id())) {
          unique.add(item);
          inboxIds.add(event.id());
          groupIds.add(item.groupId());
        }
      }
    }
    Future<InvestmentLedger.RecordedAll> recorded = ledger.recordAll(conn, unique, inboxIds, nowMs);
    // Sent right behind: it runs once the groups are locked, so it reads the owners as the run left them.
    Future<Map<String, List<Row>>> owners = groups.ownersOf(conn, groupIds);
    return Future.all(recorded, owners)
      .compose(v -> tellAll(conn, events, eventItems, unique, recorded.result(), owners.result(), nowMs));
  }

  private Future<Void> tellAll(SqlConnection conn, List<InboxEvent> events, List<List<Investment>> eventItems,
                               List<Investment> unique, InvestmentLedger.RecordedAll recorded,
                               Map<String, List<Row>> owners, long nowMs) {
    // Each group's total and holding before the run: as the run left them, less what it added.
    Map<String, BigDecimal> invested = new HashMap<>();
    recorded.groups().forEach((id, group) -> invested.put(id, group.invested()));
    Map<InvestmentLedger.Holder, BigDecimal> holdings = new HashMap<>(recorded.holdings());
    for (Investment item : unique) {
      BigDecimal amount = recorded.amounts().get(item.id());
      if (amount != null) {
        invested.merge(item.groupId(), amount.negate(), BigDecimal::add);
        holdings.merge(new InvestmentLedger.Holder(item.groupId(), item.userId()), amount.negate(), BigDecimal::add);
      }
    }
    List<InvestmentMessages.Notice> notices = new ArrayList<>();
    List<InvestmentMessages.Audit> audits = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    for (int e = 0; e < events.size(); e++) {
      JsonArray skipped = new JsonArray();
      Set<String> touched = new TreeSet<>();
      for (Investment item : eventItems.get(e)) {
        // Recorded here only where the id was new to the store and this is its first item in the run.
        BigDecimal amount = counted.add(item.id()) ? recorded.amounts().get(item.id()) : null;
        if (amount == null) {
          skipped.add(item.id());
          continue;
        }
        touched.add(item.groupId());
        BigDecimal groupInvested = invested.merge(item.groupId(), amount, BigDecimal::add);
        BigDecimal holding = holdings.merge(new InvestmentLedger.Holder(item.groupId(), item.userId()), amount,
          BigDecimal::add);
        notices.add(new InvestmentMessages.Notice(item.userId(), recordedData(item, holding, groupInvested)));
      }
      InboxEvent event = events.get(e);
      audits.add(new InvestmentMessages.Audit(event.id(), new JsonObject()
        .put("eventId", event.eventId())
        .put("items", eventItems.get(e).size())
        .put("skippedDuplicates", skipped)
        .put("groups", new JsonArray(new ArrayList<>(touched)))));
    }
    List<InvestmentMessages.Announcement> announcements = new ArrayList<>();
    new TreeMap<>(recorded.groups()).values().forEach(group -> announcements.add(new InvestmentMessages.Announcement(
      group.id(), InvestmentGroupRepository.state(group, owners.getOrDefault(group.id(), List.of())))));
    return InvestmentMessages.write(conn, source(), notices, announcements, AUDIT_ACTION, audits, nowMs);
  }

  private Map<String, Future<RowSet<Row>>> readOwners(SqlConnection conn, List<String> groupIds) {
    Map<String, Future<RowSet<Row>>> owners = new TreeMap<>();
    groupIds.forEach(groupId -> owners.computeIfAbsent(groupId, id -> groups.owners(conn, id)));
    return owners;
  }

  /**
   * The investors' notifications, the groups' announcements and the audit row: they depend only on what the
   * investments left, which {@code applied} holds (each group's row as its last investment left it, still locked)
   * with the owners read after them (answered by now). On PostgreSQL they are one statement
   * ({@link InvestmentMessages}); on H2 they are issued together, without waiting for one another.
   */
  private Future<Void> tell(SqlConnection conn, InboxEvent event, int itemCount, Applied applied,
                            Map<String, Future<RowSet<Row>>> owners, long nowMs) {
    JsonObject detail = new JsonObject()
      .put("eventId", event.eventId())
      .put("items", itemCount)
      .put("skippedDuplicates", applied.skipped)
      .put("groups", new JsonArray(new ArrayList<>(applied.groups.keySet())));
    if (ledger.oneStatement()) {
      return InvestmentMessages.write(conn, source(),
        applied.recorded.stream().map(recorded -> new InvestmentMessages.Notice(recorded.item().userId(),
          recordedData(recorded.item(), recorded.invested().holding(), recorded.invested().group().invested())))
          .toList(),
        applied.groups.values().stream().map(group -> new InvestmentMessages.Announcement(group.id(),
          InvestmentGroupRepository.state(group, owners.get(group.id()).result()))).toList(),
        AUDIT_ACTION, List.of(new InvestmentMessages.Audit(event.id(), detail)), nowMs);
    }
    List<Future<Void>> writes = new ArrayList<>();
    applied.recorded.forEach(recorded -> writes.add(notifications.add(conn, recorded.item().userId(),
      InvestmentMessages.RECORDED, recordedData(recorded.item(), recorded.invested().holding(),
        recorded.invested().group().invested()), nowMs)));
    applied.groups.values().forEach(group -> writes.add(outbox.add(conn, "investment." + group.id(),
      InvestmentMessages.OWNERSHIP_UPDATED, InvestmentGroupRepository.state(group, owners.get(group.id()).result()),
      nowMs)));
    writes.add(audit.add(conn, event, AUDIT_ACTION, detail, nowMs));
    return Future.all(writes).mapEmpty();
  }

  /** What the investor is told: the investment, and the holding and share after it. */
  private static JsonObject recordedData(Investment item, BigDecimal holding, BigDecimal groupInvested) {
    return new JsonObject()
      .put("investmentId", item.id())
      .put("groupId", item.groupId())
      .put("propertyId", item.propertyId())
      .put("amount", KpiRepository.plain(item.amount()))
      .put("holding", KpiRepository.plain(holding))
      .put("share", InvestmentGroupRepository.share(holding, groupInvested))
      .put("groupInvested", KpiRepository.plain(groupInvested));
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
  }
}
