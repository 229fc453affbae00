package dev.realtimehub.sync.changes;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The SQL of {@code change_forwarding}: the last change HBH-2 acknowledged and the retry state of the next
 * delivery. {@link #lock} takes the single row for the caller's transaction, or nothing when another node's
 * transaction holds it, which is what lets exactly one node of a cluster send at a time.
 */
final class ForwardingCursor {

  private static final int MAX_ERROR_CHARS = 1000;

  /** The row as locked: delivered up to {@code deliveredSeq}; the next attempt is number {@code attempts + 1}. */
  record State(long deliveredSeq, int attempts, long nextAttemptAt) {
  }

  private final String lock;
  private final String delivered;
  private final String failed;

  ForwardingCursor(Store store) {
    this.lock = store.dialect().sql("SELECT delivered_seq, attempts, next_attempt_at FROM change_forwarding "
      + "WHERE id = 1") + store.dialect().claimRows();
    this.delivered = store.dialect().sql("UPDATE change_forwarding SET delivered_seq = $1, attempts = 0, "
      + "next_attempt_at = 0, last_error = NULL WHERE id = 1");
    this.failed = store.dialect().sql("UPDATE change_forwarding SET attempts = attempts + 1, next_attempt_at = $1, "
      + "last_error = $2 WHERE id = 1");
  }

  /** The row, locked until the caller's transaction ends; {@code null} while another transaction holds it. */
  Future<State> lock(SqlConnection conn) {
    return conn.preparedQuery(lock).execute().map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new State(row.getLong("delivered_seq"), row.getInteger("attempts"), row.getLong("next_attempt_at"));
    });
  }

  Future<Void> delivered(SqlConnection conn, long seq) {
    return conn.preparedQuery(delivered).execute(Tuple.of(seq)).mapEmpty();
  }

  Future<Void> failed(SqlConnection conn, long retryAtMs, String error) {
    String text = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
    return conn.preparedQuery(failed).execute(Tuple.of(retryAtMs, text)).mapEmpty();
  }
}
