package dev.realtimehub.sync.pipeline;

import dev.realtimehub.sync.InboxEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

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
}
