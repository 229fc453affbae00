package dev.realtimehub.sync.team;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.changes.ChangeLog;
import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.KpiRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * teams → team announcements. Each change not seen before (by its {@code id}) is announced on
 * {@code team.{teamId}}: {@code team.member_added}, {@code team.member_removed}, {@code team.leadership_transferred}
 * or {@code team.goal_updated}. The users concerned are told on {@code user.{userId}} (durable notifications), member
 * changes go to the change log as {@code membership}, and a goal becomes a target of the team's KPI of that metric.
 * Memberships used for authorisation are not changed here: they come from the users webhooks.
 */
public final class TeamsPipeline implements Pipeline {

  private final AuditRepository audit;
  private final OutboxRepository outbox;
  private final UserNotifications notifications;
  private final ChangeLog changes;
  private final TeamGoals goals;
  private final String insert;

  public TeamsPipeline(Store store, AuditRepository audit, OutboxRepository outbox, UserNotifications notifications,
                       ChangeLog changes) {
    this.audit = audit;
    this.outbox = outbox;
    this.notifications = notifications;
    this.changes = changes;
    this.goals = new TeamGoals(store);
    this.insert = store.dialect().sql("INSERT INTO team_event (id, team_id, change, detail, occurred_at, inbox_id) "
      + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
  }

  @Override
  public String source() {
    return "teams";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    JsonArray items = event.payload().getJsonArray("items");
    JsonArray skipped = new JsonArray();
    List<JsonObject> memberChanges = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      chain = chain.compose(v -> applyItem(conn, event, item, skipped, memberChanges, nowMs));
    }
    return chain
      .compose(v -> audit.add(conn, event, "teams.applied", new JsonObject()
        .put("eventId", event.eventId())
        .put("items", items.size())
        .put("skippedDuplicates", skipped), nowMs))
      .compose(v -> recordChanges(conn, memberChanges, nowMs));
  }

  private Future<Void> applyItem(SqlConnection conn, InboxEvent event, JsonObject item, JsonArray skipped,
                                 List<JsonObject> memberChanges, long nowMs) {
    String id = String.valueOf(item.getValue("id"));
    JsonObject data = announcement(item);
    return conn.preparedQuery(insert)
      .execute(Tuple.from(List.of(id, data.getString("teamId"), item.getString("change"), data.encode(),
        item.getString("occurredAt"), event.id())))
      .compose(rows -> {
        if (rows.rowCount() == 0) {
          skipped.add(id);
          return Future.succeededFuture();
        }
        return announce(conn, item, data, memberChanges, nowMs);
      });
  }

  /** What subscribers see: the item without its {@code change}, ids as strings, the target as a plain number. */
  private static JsonObject announcement(JsonObject item) {
    JsonObject data = new JsonObject().put("changeId", String.valueOf(item.getValue("id")));
    for (String field : List.of("teamId", "userId", "previousLeaderId", "metric")) {
      if (item.getValue(field) != null) {
        data.put(field, String.valueOf(item.getValue(field)));
      }
    }
    if (item.getValue("target") != null) {
      data.put("target", KpiRepository.plain(new BigDecimal(item.getValue("target").toString())));
    }
    return data.put("occurredAt", item.getString("occurredAt"));
  }

  private Future<Void> announce(SqlConnection conn, JsonObject item, JsonObject data, List<JsonObject> memberChanges,
                                long nowMs) {
    String team = "team." + data.getString("teamId");
    String user = data.getString("userId");
    return switch (item.getString("change")) {
      case "member_added", "member_removed" -> {
        String event = "team." + item.getString("change");
        memberChanges.add(data.copy().put("change", item.getString("change")));
        yield outbox.add(conn, team, event, data, nowMs)
          .compose(v -> notifications.add(conn, user, event, data, nowMs));
      }
      case "leader_changed" -> outbox.add(conn, team, "team.leadership_transferred", data, nowMs)
        .compose(v -> notifications.add(conn, user, "team.leadership_transferred", data, nowMs))
        .compose(v -> data.getString("previousLeaderId") == null ? Future.succeededFuture()
          : notifications.add(conn, data.getString("previousLeaderId"), "team.leadership_transferred", data, nowMs));
      default -> goals.set(conn, data.getString("teamId"), data.getString("metric"),
          (BigDecimal) data.getValue("target"), nowMs)
        .compose(v -> outbox.add(conn, team, "team.goal_updated", data, nowMs));
    };
  }

  /** Last, because the change log holds its lock until the transaction ends. */
  private Future<Void> recordChanges(SqlConnection conn, List<JsonObject> memberChanges, long nowMs) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject change : memberChanges) {
      chain = chain.compose(v -> changes.record(conn, ChangeLog.MEMBERSHIP, "team." + change.getString("teamId"),
        new JsonObject()
          .put("change", change.getString("change"))
          .put("userId", change.getString("userId"))
          .put("teamId", change.getString("teamId")), nowMs).mapEmpty());
    }
    return chain;
  }
}
