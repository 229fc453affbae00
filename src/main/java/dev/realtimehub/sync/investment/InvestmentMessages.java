package dev.realtimehub.sync.investment;

import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.pipeline.KpiRepository;
import dev.realtimehub.sync.InboxEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * PostgreSQL: everything an investments event (or a run of them) tells, in one statement: each investor's durable
 * {@code investment.recorded} notification with its message on {@code user.{userId}} (carrying the notification's
 * id), each touched group's {@code investment.ownership_updated} on {@code investment.{groupId}}, and each event's
 * audit row. The same rows as the statement-by-statement path (which H2 keeps), in one round trip of the worker
 * instead of one per row. Rows come in the order given within each kind.
 */
final class InvestmentMessages {

  static final String RECORDED = "investment.recorded";
  static final String OWNERSHIP_UPDATED = "investment.ownership_updated";

  private static final String SQL = UserNotifications.WITH_MESSAGES + ", "
    + "groups AS (INSERT INTO outbox (channel, event, data, created_at) "
    + "SELECT channel, $5, data, $1 FROM UNNEST($6::varchar[], $7::text[]) WITH ORDINALITY AS g(channel, data, i) "
    + "ORDER BY i) "
    + "INSERT INTO audit (inbox_id, source, action, detail, created_at) "
    + "SELECT inbox_id, $9, $10, detail, $1 FROM UNNEST($8::bigint[], $11::text[]) WITH ORDINALITY AS a(inbox_id, "
    + "detail, i) ORDER BY i";

  /** An investor's notification: the user and its data. */
  record Notice(String userId, JsonObject data) {
  }

  /** A group's announcement: the group and its state. */
  record Announcement(String groupId, JsonObject state) {
  }

  /** An event's audit row: its inbox id and what it did. */
  record Audit(long inboxId, JsonObject detail) {

    /** The audit row of an investments event: its items, those skipped as seen before, the groups it changed. */
    static Audit of(InboxEvent event, int items, JsonArray skippedDuplicates, Collection<String> groups) {
      return new Audit(event.id(), new JsonObject()
        .put("eventId", event.eventId())
        .put("items", items)
        .put("skippedDuplicates", skippedDuplicates)
        .put("groups", new JsonArray(new ArrayList<>(groups))));
    }
  }

  private InvestmentMessages() {
  }

  /** What the investor is told: the investment, and the holding and the group's total right after it. */
  static JsonObject recorded(Investment item, BigDecimal holding, BigDecimal groupInvested) {
    return new JsonObject()
      .put("investmentId", item.id())
      .put("groupId", item.groupId())
      .put("propertyId", item.propertyId())
      .put("amount", KpiRepository.plain(item.amount()))
      .put("holding", KpiRepository.plain(holding))
      .put("share", InvestmentGroupRepository.share(holding, groupInvested))
      .put("groupInvested", KpiRepository.plain(groupInvested));
  }

  static Future<Void> write(SqlConnection conn, String source, List<Notice> notices, List<Announcement> announcements,
                            String auditAction, List<Audit> audits, long nowMs) {
    return conn.preparedQuery(SQL)
      .execute(Tuple.of(nowMs, RECORDED,
          notices.stream().map(Notice::userId).toArray(String[]::new),
          notices.stream().map(notice -> notice.data().encode()).toArray(String[]::new),
          OWNERSHIP_UPDATED,
          announcements.stream().map(announcement -> "investment." + announcement.groupId()).toArray(String[]::new),
          announcements.stream().map(announcement -> announcement.state().encode()).toArray(String[]::new))
        .addArrayOfLong(audits.stream().map(Audit::inboxId).toArray(Long[]::new))
        .addString(source).addString(auditAction)
        .addArrayOfString(audits.stream().map(audit -> audit.detail().encode()).toArray(String[]::new)))
      .mapEmpty();
  }
}
