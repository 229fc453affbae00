package dev.realtimehub.sync;

import io.vertx.sqlclient.DatabaseException;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a failure caused by another transaction's row locks from one caused by the event itself. Such an event is
 * not at fault: it is taken again in the worker's next transaction, once the locks its own transaction held are
 * released, and no failed attempt is counted against it.
 */
final class LockContention {

  /**
   * PostgreSQL: lock_not_available (the worker's {@code lock_timeout}), deadlock_detected, serialization_failure.
   * H2: lock timeout ({@code HYT00}) and deadlock ({@code 40001}).
   */
  private static final Set<String> STATES = Set.of("55P03", "40P01", "40001", "HYT00");

  private LockContention() {
  }

  static boolean causedBy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      String state = cause instanceof DatabaseException db ? db.getSqlState()
        : cause instanceof SQLException sql ? sql.getSQLState() : null;
      if (state != null && STATES.contains(state)) {
        return true;
      }
    }
    return false;
  }
}
