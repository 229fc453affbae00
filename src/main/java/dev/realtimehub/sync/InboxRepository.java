package dev.realtimehub.sync;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the {@code inbox} table: accepting webhooks (idempotent per source and event id), claiming rows
 * for a worker, recording outcomes, and the dead letters. Rows go {@code pending} → {@code done}, or
 * {@code pending} → (retries) → {@code dead}; a replay puts a dead row back to {@code pending}.
 */
public final class InboxRepository {

  public static final String PENDING = "pending";
  public static final String DONE = "done";
  public static final String DEAD = "dead";
  private static final int MAX_ERROR_CHARS = 1000;

  private final Store store;
  private final String insert;
  private final String claim;
  private final String markDone;
  private final String recordFailure;
  private final String listDead;
  private final String replay;

  public InboxRepository(Store store) {
    this.store = store;
    this.insert = store.dialect().sql("INSERT INTO inbox (source, event_id, payload, received_at, status, attempts, "
      + "next_attempt_at) VALUES ($1, $2, $3, $4, 'pending', 0, $4) ON CONFLICT DO NOTHING");
    this.claim = store.dialect().sql("SELECT id, source, event_id, payload, attempts FROM inbox "
      + "WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2")
      + store.dialect().claimRows();
    this.markDone = store.dialect().sql("UPDATE inbox SET status = 'done', attempts = attempts + 1, "
      + "last_error = NULL WHERE id = $1");
    this.recordFailure = store.dialect().sql("UPDATE inbox SET status = $2, attempts = attempts + 1, "
      + "next_attempt_at = $3, last_error = $4 WHERE id = $1 AND status = 'pending' AND attempts = $5");
    this.listDead = store.dialect().sql("SELECT id, source, event_id, attempts, last_error, received_at FROM inbox "
      + "WHERE status = 'dead' ORDER BY id LIMIT $1");
    this.replay = store.dialect().sql("UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = $2 "
      + "WHERE id = $1 AND status = 'dead'");
  }

  /** Stores an accepted webhook; {@code false} when this source already sent this event id (nothing changed). */
  public Future<Boolean> accept(String source, String eventId, String payload, long nowMs) {
    return store.committed(client -> client.preparedQuery(insert)
      .execute(Tuple.of(source, eventId, payload, nowMs))
      .map(rows -> rows.rowCount() == 1));
  }

  /**
   * Up to {@code limit} due pending events of every source, oldest first, locked for this transaction; rows other
   * workers hold are passed over.
   */
  public Future<List<InboxEvent>> claim(SqlConnection conn, long nowMs, int limit) {
    return conn.preparedQuery(claim)
      .execute(Tuple.of(nowMs, limit))
      .map(InboxRepository::events);
  }

  /** Marks the events applied, in one batch. */
  public Future<Void> markDone(SqlConnection conn, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(ids.size());
    ids.forEach(id -> batch.add(Tuple.of(id)));
    return conn.preparedQuery(markDone).executeBatch(batch).mapEmpty();
  }

  /**
   * Records a failed attempt: back to {@code pending} until {@code retryAtMs}, or {@code dead}. Between the rollback
   * of a failed attempt and this record the row is claimable, so another worker may fail the same attempt too; only
   * the first record of an attempt (the row still at {@code attemptsBefore}) counts. {@code false}: already counted.
   */
  public Future<Boolean> recordFailure(SqlConnection conn, long id, int attemptsBefore, boolean dead, long retryAtMs,
                                       String error) {
    String text = error == null ? "unknown error" : error;
    return conn.preparedQuery(recordFailure)
      .execute(Tuple.of(id, dead ? DEAD : PENDING, retryAtMs,
        text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text, attemptsBefore))
      .map(rows -> rows.rowCount() == 1);
  }

  /** The dead letters, oldest first, as the API shows them. */
  public Future<JsonArray> deadLetters(int limit) {
    return store.pool().preparedQuery(listDead)
      .execute(Tuple.of(limit))
      .map(rows -> {
        JsonArray letters = new JsonArray();
        rows.forEach(row -> letters.add(deadLetter(row)));
        return letters;
      });
  }

  /** Puts a dead letter back in the queue with fresh attempts; {@code false} when {@code id} is no dead letter. */
  public Future<Boolean> replay(long id, long nowMs) {
    return store.committed(client -> client.preparedQuery(replay)
      .execute(Tuple.of(id, nowMs))
      .map(rows -> rows.rowCount() == 1));
  }

  private static List<InboxEvent> events(RowSet<Row> rows) {
    List<InboxEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(new InboxEvent(row.getLong("id"), row.getString("source"), row.getString("event_id"),
        new JsonObject(row.getString("payload")), row.getInteger("attempts")));
    }
    return events;
  }

  private static JsonObject deadLetter(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("source", row.getString("source"))
      .put("eventId", row.getString("event_id"))
      .put("attempts", row.getInteger("attempts"))
      .put("error", row.getString("last_error"))
      .put("receivedAt", row.getLong("received_at"));
  }
}
