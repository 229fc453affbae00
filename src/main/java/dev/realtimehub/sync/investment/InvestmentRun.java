package dev.realtimehub.sync.investment;

import dev.realtimehub.sync.InboxEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PostgreSQL: a run of consecutive investments events applied together (a single event is a run of one), in three
 * statements, the first two sent together: all their investments ({@link InvestmentLedger#recordAll}), the owners
 * of their groups (read once the first has locked the groups), then everything they tell
 * ({@link InvestmentMessages}). An id met twice in the run
 * counts once, at its first item. The totals each notification carries are worked out backwards from the rows the
 * run left: a group's total before the run is its total after, less what the run added to it.
 */
final class InvestmentRun {

  private final List<InboxEvent> events;
  /** Each event's items, in the order the event applies them. */
  private final List<List<Investment>> eventItems = new ArrayList<>();
  /** The run's investments, each id once (at its first item), with each one's inbox id beside it. */
  private final List<Investment> unique = new ArrayList<>();
  private final List<Long> inboxIds = new ArrayList<>();
  private final Set<String> groupIds = new TreeSet<>();

  InvestmentRun(List<InboxEvent> events) {
    this.events = events;
    Set<String> seen = new HashSet<>();
    for (InboxEvent event : events) {
      List<Investment> items = Investment.ofEvent(event);
      eventItems.add(items);
      for (Investment item : items) {
        if (seen.add(item.id())) {
          unique.add(item);
          inboxIds.add(event.id());
          groupIds.add(item.groupId());
        }
      }
    }
  }

  /**
   * Applies the run in the caller's transaction. {@code readsSent} runs once the investments and the owners' read
   * are issued, {@code lastStatementsSent} once the statement that tells everything is (see
   * {@link dev.realtimehub.sync.pipeline.Pipeline#apply(SqlConnection, InboxEvent, long, Runnable, Runnable)}).
   */
  Future<Void> apply(SqlConnection conn, InvestmentLedger ledger, InvestmentGroupRepository groups,
                     String auditAction, long nowMs, Runnable lastStatementsSent, Runnable readsSent) {
    Future<InvestmentLedger.RecordedAll> recorded = ledger.recordAll(conn, unique, inboxIds, nowMs);
    // Sent right behind: it runs once the groups are locked, so it reads the owners as the run left them.
    Future<Map<String, List<Row>>> owners = groups.ownersOf(conn, groupIds);
    readsSent.run();
    return Future.all(recorded, owners).compose(v -> {
      Future<Void> told = tell(conn, recorded.result(), owners.result(), auditAction, nowMs);
      lastStatementsSent.run();
      return told;
    });
  }

  private Future<Void> tell(SqlConnection conn, InvestmentLedger.RecordedAll recorded, Map<String, List<Row>> owners,
                            String auditAction, long nowMs) {
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
        notices.add(new InvestmentMessages.Notice(item.userId(),
          InvestmentMessages.recorded(item, holding, groupInvested)));
      }
      audits.add(InvestmentMessages.Audit.of(events.get(e), eventItems.get(e).size(), skipped, touched));
    }
    List<InvestmentMessages.Announcement> announcements = new ArrayList<>();
    new TreeMap<>(recorded.groups()).values().forEach(group -> announcements.add(new InvestmentMessages.Announcement(
      group.id(), InvestmentGroupRepository.state(group, owners.getOrDefault(group.id(), List.of())))));
    return InvestmentMessages.write(conn, events.get(0).source(), notices, announcements, auditAction, audits, nowMs);
  }
}
