package dev.realtimehub.sync.investment;

import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.pipeline.KpiRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
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
    String[] users = new String[notices.size()];
    String[] noticeData = new String[notices.size()];
    for (int i = 0; i < users.length; i++) {
      users[i] = notices.get(i).userId();
      noticeData[i] = notices.get(i).data().encode();
    }
    String[] channels = new String[announcements.size()];
    String[] states = new String[announcements.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = "investment." + announcements.get(i).groupId();
      states[i] = announcements.get(i).state().encode();
    }
    Long[] inboxIds = new Long[audits.size()];
    String[] details = new String[audits.size()];
    for (int i = 0; i < inboxIds.length; i++) {
      inboxIds[i] = audits.get(i).inboxId();
      details[i] = audits.get(i).detail().encode();
    }
    return conn.preparedQuery(SQL)
      .execute(Tuple.of(nowMs, RECORDED, users, noticeData, OWNERSHIP_UPDATED, channels, states)
        .addArrayOfLong(inboxIds).addString(source).addString(auditAction).addArrayOfString(details))
      .mapEmpty();
  }
}
