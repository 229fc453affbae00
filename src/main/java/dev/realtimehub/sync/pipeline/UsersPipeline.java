package dev.realtimehub.sync.pipeline;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.access.AccessChange;
import dev.realtimehub.sync.access.AccessChangeRepository;
import dev.realtimehub.sync.access.UserAccess;
import dev.realtimehub.sync.access.UserAccessRepository;
import dev.realtimehub.sync.changes.ChangeLog;
import dev.realtimehub.sync.notification.UserNotifications;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * users → roles, permissions and memberships. Each item is applied only when its {@code version} is newer than
 * the stored one; an older or equal version is ignored and listed as stale in the event's audit row. Updates of
 * one user serialise on the user's row lock, and an event locks its users in id order, so two events never
 * deadlock. An applied item replaces the user's stored access, writes what changed outside SQL to
 * {@code access_changes} (memberships for {@code member:} rules, withdrawn claims that end live subscriptions)
 * and tells {@code user.{id}} with {@code user.access_changed}.
 */
public final class UsersPipeline implements Pipeline {

  private final UserAccessRepository access;
  private final AccessChangeRepository changes;
  private final AuditRepository audit;
  private final UserNotifications notifications;
  private final ChangeLog changeLog;
  private final HubMetrics metrics;

  public UsersPipeline(UserAccessRepository access, AccessChangeRepository changes, AuditRepository audit,
                       UserNotifications notifications, ChangeLog changeLog, HubMetrics metrics) {
    this.access = access;
    this.changes = changes;
    this.audit = audit;
    this.notifications = notifications;
    this.changeLog = changeLog;
    this.metrics = metrics;
  }

  @Override
  public String source() {
    return "users";
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    JsonArray items = event.payload().getJsonArray("items");
    List<UserAccess> updates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      updates.add(UserAccess.fromItem(items.getJsonObject(i)));
    }
    updates.sort(Comparator.comparing(UserAccess::userId).thenComparingLong(UserAccess::version));
    JsonArray applied = new JsonArray();
    JsonArray stale = new JsonArray();
    List<JsonObject> logged = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (UserAccess update : updates) {
      chain = chain.compose(v -> applyOne(conn, update, nowMs, applied, stale, logged));
    }
    // The change log serialises its writers on one row until commit: taken last, after every user row, so two
    // events never wait for each other's locks in opposite orders.
    return chain.compose(v -> recordChanges(conn, logged, 0, nowMs))
      .compose(v -> audit.add(conn, event, "users.applied", new JsonObject()
        .put("eventId", event.eventId())
        .put("applied", applied)
        .put("stale", stale), nowMs));
  }

  private Future<Void> applyOne(SqlConnection conn, UserAccess update, long nowMs, JsonArray applied,
                                JsonArray stale, List<JsonObject> logged) {
    return access.lock(conn, update.userId(), nowMs).compose(stored -> {
      if (update.version() <= stored.version()) {
        metrics.staleUpdate(source());
        stale.add(new JsonObject().put("id", update.userId()).put("version", update.version())
          .put("storedVersion", stored.version()));
        return Future.succeededFuture();
      }
      applied.add(new JsonObject().put("id", update.userId()).put("version", update.version()));
      AccessChange change = AccessChange.between(stored, update);
      String subject = "user." + update.userId();
      if (!stored.roles().equals(update.roles()) || !stored.permissions().equals(update.permissions())) {
        logged.add(new JsonObject().put("kind", ChangeLog.PERMISSION).put("subject", subject).put("detail",
          new JsonObject().put("version", update.version()).put("roles", sorted(update.roles()))
            .put("permissions", sorted(update.permissions()))));
      }
      if (!stored.teams().equals(update.teams()) || !stored.groups().equals(update.groups())) {
        logged.add(new JsonObject().put("kind", ChangeLog.MEMBERSHIP).put("subject", subject).put("detail",
          new JsonObject().put("version", update.version()).put("teams", sorted(update.teams()))
            .put("groups", sorted(update.groups()))));
      }
      return access.replace(conn, stored, update, nowMs)
        .compose(v -> change.isEmpty() ? Future.succeededFuture() : changes.add(conn, change, nowMs))
        .compose(v -> notifications.add(conn, update.userId(), "user.access_changed", update.toJson(), nowMs));
    });
  }

  private Future<Void> recordChanges(SqlConnection conn, List<JsonObject> logged, int index, long nowMs) {
    if (index >= logged.size()) {
      return Future.succeededFuture();
    }
    JsonObject entry = logged.get(index);
    return changeLog.record(conn, entry.getString("kind"), entry.getString("subject"), entry.getJsonObject("detail"),
      nowMs).compose(seq -> recordChanges(conn, logged, index + 1, nowMs));
  }

  private static JsonArray sorted(Set<String> values) {
    return new JsonArray(new ArrayList<>(new TreeSet<>(values)));
  }
}
