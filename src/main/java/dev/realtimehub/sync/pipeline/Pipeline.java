package dev.realtimehub.sync.pipeline;

import dev.realtimehub.sync.InboxEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * Applies the events of one webhook source. {@link #apply} runs inside the transaction that claimed the inbox
 * row: it updates domain tables, writes its audit row and its outbox rows on {@code conn}, and nothing else.
 * A failed future rolls all of it back and the event is retried later, so an implementation need not undo
 * anything; it must not publish or call out of the process itself.
 */
public interface Pipeline {

  /** The webhook source it consumes ({@code transactions}). */
  String source();

  Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs);

  /**
   * {@link #apply}, telling the worker when the next event's statements may follow on the connection. The default
   * never runs either hook.
   * <ul>
   * <li>{@code lastStatementsSent}, run right after the event's last statements are issued, promises that from then
   * on the event's outcome is theirs alone (no more statements, no decision in Java that could fail it). A worker
   * that sets a savepoint per event then sends the next event's first statements behind them at once instead of
   * one round trip later; should one of those last statements fail, the transaction is aborted before the next
   * event's statements run, and the worker rolls back to this event's savepoint and takes the next event again.</li>
   * <li>{@code readsSent}, run right after the event's last statement that reads the database is issued, promises
   * that its statements after it only write what the event computed from answers already asked for, into tables no
   * pipeline reads (notifications, outbox, audit). Later events' statements may then run before those writes
   * without changing anything, so a worker that sets no savepoint between events sends the next event at once.</li>
   * </ul>
   */
  default Future<Void> apply(SqlConnection conn, InboxEvent event, long nowMs, Runnable lastStatementsSent,
                             Runnable readsSent) {
    return apply(conn, event, nowMs);
  }

  /** Whether {@link #applyAll} may take several consecutive events of this source at once. */
  default boolean appliesTogether() {
    return false;
  }

  /**
   * Applies consecutive events of this source, in claim order, with the same outcome as {@link #apply} on each in
   * turn, except that what a later event supersedes may be told once (each touched entity's state once, as the
   * last event left it). Called only where a failure rolls back all of them, so one failing event fails the call.
   */
  default Future<Void> applyAll(SqlConnection conn, List<InboxEvent> events, long nowMs) {
    return Future.failedFuture(new IllegalStateException(source() + " applies its events one at a time"));
  }
}
