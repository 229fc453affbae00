package dev.realtimehub.sync.pipeline;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.InboxEvent;
import dev.realtimehub.sync.access.UserAccessRepository;
import dev.realtimehub.sync.features.FeatureUnlocker;
import dev.realtimehub.sync.features.LearningRepository;
import dev.realtimehub.sync.outbox.OutboxRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * learning → progress, certifications and feature unlocks. Each item updates the user's course unless it is
 * older than what is stored (by {@code occurredAt}) or the course is already completed (a completion is final);
 * such items are listed as stale in the audit row and announce nothing. An applied item is announced on
 * {@code learning.{userId}} as {@code learning.enrolled}, {@code learning.progress} or {@code learning.completed},
 * a new certification as {@code learning.certified}; a completion or certification then unlocks every feature
 * whose rule the user now satisfies ({@link FeatureUnlocker}). One user's events apply one at a time, on the
 * user's row lock, and an event locks its users in id order.
 */
public final class LearningPipeline implements Pipeline {

  static final String COMPLETED = "completed";

  private final LearningRepository learning;
  private final UserAccessRepository access;
  private final FeatureUnlocker unlocker;
  private final AuditRepository audit;
  private final OutboxRepository outbox;
  private final HubMetrics metrics;

  public LearningPipeline(LearningRepository learning, UserAccessRepository access, FeatureUnlocker unlocker,
                          AuditRepository audit, OutboxRepository outbox, HubMetrics metrics) {
    this.learning = learning;
    this.access = access;
    this.unlocker = unlocker;
    this.audit = audit;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  @Override
  public String source() {
    return "learning";
  }

  /** Whether an item at {@code occurredAtMs} replaces the stored progress of its course. */
  static boolean supersedes(LearningRepository.Progress stored, String status, long occurredAtMs) {
    if (stored == null) {
      return true;
    }
    if (COMPLETED.equals(stored.status())) {
      return false;
    }
    return COMPLETED.equals(status) || occurredAtMs > stored.occurredAtMs();
  }

  @Override
  public Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs) {
    JsonArray items = event.payload().getJsonArray("items");
    List<JsonObject> ordered = new ArrayList<>();
    items.forEach(item -> ordered.add((JsonObject) item));
    ordered.sort(Comparator.comparing((JsonObject item) -> String.valueOf(item.getValue("userId")))
      .thenComparingLong(LearningPipeline::occurredAtMs));
    JsonObject report = new JsonObject().put("eventId", event.eventId()).put("applied", new JsonArray())
      .put("stale", new JsonArray()).put("unlocked", new JsonArray());
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : ordered) {
      chain = chain.compose(v -> applyOne(conn, item, nowMs, report));
    }
    return chain.compose(v -> audit.add(conn, event, "learning.applied", report, nowMs));
  }

  private Future<Void> applyOne(SqlConnection conn, JsonObject item, long nowMs, JsonObject report) {
    String userId = String.valueOf(item.getValue("userId"));
    String courseId = String.valueOf(item.getValue("courseId"));
    JsonObject ref = new JsonObject().put("userId", userId).put("courseId", courseId)
      .put("status", item.getString("status"));
    return access.lock(conn, userId, nowMs)
      .compose(locked -> learning.progress(conn, userId, courseId))
      .compose(stored -> {
        boolean fresh = supersedes(stored, item.getString("status"), occurredAtMs(item));
        report.getJsonArray(fresh ? "applied" : "stale").add(ref);
        return fresh ? applyFresh(conn, item, stored != null, nowMs, report) : stale();
      });
  }

  private Future<Void> stale() {
    metrics.staleUpdate(source());
    return Future.succeededFuture();
  }

  /** Saves and announces the progress, records a certification, and unlocks what a completion earns. */
  private Future<Void> applyFresh(SqlConnection conn, JsonObject item, boolean exists, long nowMs, JsonObject report) {
    String userId = String.valueOf(item.getValue("userId"));
    String courseId = String.valueOf(item.getValue("courseId"));
    String status = item.getString("status");
    return learning.saveProgress(conn, exists, userId, courseId, status,
        new BigDecimal(item.getValue("progress").toString()), occurredAtMs(item), nowMs)
      .compose(v -> outbox.add(conn, "learning." + userId, "learning." + status, announcement(item), nowMs))
      .compose(v -> certify(conn, item, userId, courseId, status, nowMs))
      .compose(certified -> certified || COMPLETED.equals(status)
        ? unlocker.unlockSatisfied(conn, userId, nowMs) : Future.succeededFuture(List.<String>of()))
      .map(unlocked -> {
        unlocked.forEach(f -> report.getJsonArray("unlocked").add(new JsonObject().put("userId", userId)
          .put("feature", f)));
        return null;
      });
  }

  /** Records the certification a completion carries; {@code true} when it is new to the user. */
  private Future<Boolean> certify(SqlConnection conn, JsonObject item, String userId, String courseId, String status,
                                  long nowMs) {
    Object certification = item.getValue("certificationId");
    if (certification == null || !COMPLETED.equals(status)) {
      return Future.succeededFuture(false);
    }
    String certificationId = String.valueOf(certification);
    return learning.certify(conn, userId, certificationId, courseId, nowMs)
      .compose(isNew -> !isNew ? Future.succeededFuture(false)
        : outbox.add(conn, "learning." + userId, "learning.certified", new JsonObject()
          .put("userId", userId)
          .put("courseId", courseId)
          .put("certificationId", certificationId), nowMs).map(true));
  }

  private static JsonObject announcement(JsonObject item) {
    JsonObject data = new JsonObject()
      .put("userId", String.valueOf(item.getValue("userId")))
      .put("courseId", String.valueOf(item.getValue("courseId")))
      .put("status", item.getString("status"))
      .put("progress", item.getValue("progress"))
      .put("occurredAt", item.getString("occurredAt"));
    if (item.getValue("certificationId") != null) {
      data.put("certificationId", String.valueOf(item.getValue("certificationId")));
    }
    return data;
  }

  private static long occurredAtMs(JsonObject item) {
    return OffsetDateTime.parse(item.getString("occurredAt")).toInstant().toEpochMilli();
  }
}
