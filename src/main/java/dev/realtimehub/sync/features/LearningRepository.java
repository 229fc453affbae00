package dev.realtimehub.sync.features;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The SQL of {@code learning_progress}, {@code certifications} and {@code feature_unlocks}. Callers hold the
 * user's {@code user_access} row lock while they write, so one user's learning events apply one at a time.
 */
public final class LearningRepository {

  /** A course's stored state for a user. */
  public record Progress(String status, long occurredAtMs) {
  }

  private final String progress;
  private final String insertProgress;
  private final String updateProgress;
  private final String certify;
  private final String completed;
  private final String certifications;
  private final String features;
  private final String unlock;

  public LearningRepository(Store store) {
    this.progress = store.dialect().sql("SELECT status, occurred_at FROM learning_progress "
      + "WHERE user_id = $1 AND course_id = $2");
    this.insertProgress = store.dialect().sql("INSERT INTO learning_progress (user_id, course_id, status, progress, "
      + "occurred_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)");
    this.updateProgress = store.dialect().sql("UPDATE learning_progress SET status = $3, progress = $4, "
      + "occurred_at = $5, updated_at = $6 WHERE user_id = $1 AND course_id = $2");
    this.certify = store.dialect().sql("INSERT INTO certifications (user_id, certification_id, course_id, earned_at) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
    this.completed = store.dialect().sql("SELECT course_id FROM learning_progress WHERE user_id = $1 "
      + "AND status = 'completed'");
    this.certifications = store.dialect().sql("SELECT certification_id FROM certifications WHERE user_id = $1");
    this.features = store.dialect().sql("SELECT feature FROM feature_unlocks WHERE user_id = $1");
    this.unlock = store.dialect().sql("INSERT INTO feature_unlocks (user_id, feature, source, unlocked_at) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
  }

  /** The stored progress of the course, or {@code null}. */
  public Future<Progress> progress(SqlConnection conn, String userId, String courseId) {
    return conn.preparedQuery(progress)
      .execute(Tuple.of(userId, courseId))
      .map(rows -> rows.size() == 0 ? null
        : new Progress(rows.iterator().next().getString("status"), rows.iterator().next().getLong("occurred_at")));
  }

  public Future<Void> saveProgress(SqlConnection conn, boolean exists, String userId, String courseId, String status,
                                   BigDecimal percent, long occurredAtMs, long nowMs) {
    return conn.preparedQuery(exists ? updateProgress : insertProgress)
      .execute(Tuple.of(userId, courseId, status, percent, occurredAtMs, nowMs))
      .mapEmpty();
  }

  /** Records a certification; {@code true} when the user did not have it yet. */
  public Future<Boolean> certify(SqlConnection conn, String userId, String certificationId, String courseId,
                                 long nowMs) {
    return conn.preparedQuery(certify)
      .execute(Tuple.of(userId, certificationId, courseId, nowMs))
      .map(rows -> rows.rowCount() == 1);
  }

  /** Records an unlock; {@code true} when the feature was not unlocked yet. */
  public Future<Boolean> unlock(SqlConnection conn, String userId, String feature, String source, long nowMs) {
    return conn.preparedQuery(unlock)
      .execute(Tuple.of(userId, feature, source, nowMs))
      .map(rows -> rows.rowCount() == 1);
  }

  /** Everything the feature rules look at for {@code userId}. */
  public Future<Learner> learner(SqlClient client, String userId) {
    Tuple user = Tuple.of(userId);
    return client.preparedQuery(completed).execute(user)
      .compose(courses -> client.preparedQuery(certifications).execute(user)
        .compose(certs -> client.preparedQuery(features).execute(user)
          .map(unlocked -> new Learner(column(courses), column(certs), column(unlocked)))));
  }

  private static Set<String> column(RowSet<Row> rows) {
    Set<String> values = new LinkedHashSet<>();
    rows.forEach(row -> values.add(row.getString(0)));
    return values;
  }
}
