package dev.realtimehub.sync.features;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.access.UserAccessRepository;
import dev.realtimehub.sync.changes.ChangeLog;
import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.outbox.OutboxRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * Unlocks features inside the caller's transaction: the unlock row, the feature's permission among the user's
 * permissions, and {@code feature.unlocked} outbox rows for {@code features.{userId}} and {@code user.{userId}}.
 * Unlocking twice changes and announces nothing. Callers hold the user's row lock
 * ({@link UserAccessRepository#lock}), so two events of one user cannot each miss the other's progress.
 */
public final class FeatureUnlocker {

  public static final String BY_RULE = "rule";
  public static final String MANUAL = "manual";

  private final FeatureRules rules;
  private final LearningRepository learning;
  private final UserAccessRepository access;
  private final OutboxRepository outbox;
  private final UserNotifications notifications;
  private final ChangeLog changeLog;
  private final HubMetrics metrics;

  public FeatureUnlocker(FeatureRules rules, LearningRepository learning, UserAccessRepository access,
                         OutboxRepository outbox, UserNotifications notifications, ChangeLog changeLog,
                         HubMetrics metrics) {
    this.rules = rules;
    this.learning = learning;
    this.access = access;
    this.outbox = outbox;
    this.notifications = notifications;
    this.changeLog = changeLog;
    this.metrics = metrics;
  }

  /** An unlocker with its own repositories on {@code store}. */
  public static FeatureUnlocker create(Store store, FeatureRules rules, HubMetrics metrics) {
    OutboxRepository outbox = new OutboxRepository(store);
    return new FeatureUnlocker(rules, new LearningRepository(store), new UserAccessRepository(store), outbox,
      new UserNotifications(store, outbox), new ChangeLog(store), metrics);
  }

  public FeatureRules rules() {
    return rules;
  }

  /** Unlocks every feature whose rule the user now satisfies; completes with their names. */
  public Future<List<String>> unlockSatisfied(SqlConnection conn, String userId, long nowMs) {
    return learning.learner(conn, userId).compose(learner -> {
      List<String> unlocked = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (FeatureRule rule : rules.newlySatisfied(learner)) {
        chain = chain.compose(v -> unlock(conn, userId, rule, BY_RULE, nowMs))
          .map(isNew -> {
            if (isNew) {
              unlocked.add(rule.name());
            }
            return null;
          });
      }
      return chain.map(unlocked);
    });
  }

  /** Unlocks one feature; {@code true} when it was not unlocked before. */
  public Future<Boolean> unlock(SqlConnection conn, String userId, FeatureRule rule, String source, long nowMs) {
    return learning.unlock(conn, userId, rule.name(), source, nowMs).compose(isNew -> {
      if (!isNew) {
        return Future.succeededFuture(false);
      }
      metrics.featureUnlocked(source);
      JsonObject data = new JsonObject()
        .put("userId", userId)
        .put("feature", rule.name())
        .put("permission", rule.permission())
        .put("source", source);
      return access.grant(conn, userId, rule.permission(), UserAccessRepository.FROM_FEATURE, nowMs)
        .compose(v -> outbox.add(conn, "features." + userId, "feature.unlocked", data, nowMs))
        .compose(v -> notifications.add(conn, userId, "feature.unlocked", data, nowMs))
        .compose(v -> changeLog.record(conn, ChangeLog.UNLOCK, "user." + userId, data, nowMs))
        .map(true);
    });
  }

  /** {@code {"allowed", "missing"}}: unlocked, or every prerequisite met; otherwise what is missing. */
  public Future<JsonObject> check(SqlClient client, String userId, FeatureRule rule) {
    return learning.learner(client, userId).map(learner -> {
      boolean unlocked = learner.features().contains(rule.name());
      List<String> missing = unlocked ? List.of() : rule.missing(learner);
      return new JsonObject()
        .put("userId", userId)
        .put("feature", rule.name())
        .put("allowed", missing.isEmpty())
        .put("unlocked", unlocked)
        .put("missing", missing);
    });
  }
}
