package dev.realtimehub.sync;

import dev.realtimehub.store.Dialect;
import dev.realtimehub.store.Replanned;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
  /** PostgreSQL: many webhooks in one statement, inserted in the order given; {@code null} on H2. */
  private final String insertMany;
  private final String claim;
  /** PostgreSQL: the reading of a {@link ClaimFloor}; {@code null} on H2, whose claims need none. */
  private final String floor;
  private final String markDone;
  private final String recordFailure;
  private final String listDead;
  private final String replay;

  public InboxRepository(Store store) {
    this.store = store;
    this.insert = store.dialect().sql("INSERT INTO inbox (source, event_id, payload, received_at, status, attempts, "
      + "next_attempt_at) VALUES ($1, $2, $3, $4, 'pending', 0, $4) ON CONFLICT DO NOTHING");
    this.insertMany = store.dialect().chainsWrites()
      ? "INSERT INTO inbox (source, event_id, payload, received_at, status, attempts, next_attempt_at) "
      + "SELECT source, event_id, payload, received_at, 'pending', 0, received_at "
      + "FROM UNNEST($1::varchar[], $2::varchar[], $3::text[], $4::bigint[]) WITH ORDINALITY "
      + "AS a(source, event_id, payload, received_at, n) ORDER BY n "
      + "ON CONFLICT DO NOTHING RETURNING source, event_id"
      : null;
    this.claim = "SELECT id, source, event_id, payload, attempts FROM inbox "
      + "WHERE status = 'pending' AND id >= %d AND next_attempt_at <= %d ORDER BY id LIMIT %d"
      + store.dialect().claimRows();
    this.floor = store.dialect().chainsWrites()
      ? "SELECT (SELECT MIN(id) FROM inbox WHERE status = 'pending' AND next_attempt_at <= %d) AS lowest_due, "
      + "COALESCE(pg_sequence_last_value(pg_get_serial_sequence('inbox', 'id')::regclass), 0) AS allocated"
      : null;
    this.markDone = "UPDATE inbox SET status = 'done', attempts = attempts + 1, last_error = NULL WHERE id IN (%s)";
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
   * Stores webhooks in the order given, in one statement and one commit on PostgreSQL (one by one on H2), and
   * answers for each whether it was new. An event id that comes twice in {@code webhooks} is new only the first
   * time. Fails as a whole: then none of them may be taken as stored.
   */
  public Future<List<Boolean>> acceptAll(List<Webhook> webhooks) {
    if (insertMany == null) {
      Future<List<Boolean>> all = Future.succeededFuture(new ArrayList<>(webhooks.size()));
      for (Webhook webhook : webhooks) {
        all = all.compose(answers -> accept(webhook.source(), webhook.eventId(), webhook.payload(),
          webhook.receivedAtMs()).map(accepted -> {
            answers.add(accepted);
            return answers;
          }));
      }
      return all;
    }
    int size = webhooks.size();
    return store.pool().preparedQuery(insertMany)
      .execute(Tuple.of(webhooks.stream().map(Webhook::source).toArray(String[]::new),
        webhooks.stream().map(Webhook::eventId).toArray(String[]::new),
        webhooks.stream().map(Webhook::payload).toArray(String[]::new),
        webhooks.stream().map(Webhook::receivedAtMs).toArray(Long[]::new)))
      .map(rows -> {
        Set<String> inserted = new HashSet<>();
        rows.forEach(row -> inserted.add(key(row.getString("source"), row.getString("event_id"))));
        List<Boolean> answers = new ArrayList<>(size);
        // remove(): a second webhook of the same event in this statement is a duplicate of the first.
        webhooks.forEach(webhook -> answers.add(inserted.remove(key(webhook.source(), webhook.eventId()))));
        return answers;
      });
  }

  private static String key(String source, String eventId) {
    return source + '\u0000' + eventId;
  }

  /**
   * Up to {@code limit} due pending events of every source from {@code floor} on, oldest first, locked for this
   * transaction; rows other workers hold are passed over.
   */
  public Future<List<InboxEvent>> claim(SqlConnection conn, long floor, long nowMs, int limit) {
    Dialect.ClaimSteering steer = store.dialect().steerClaim();
    // With steering, all three go out together; the claim's answer is what counts, once the settings are back.
    Future<?> steered = steer == null ? Future.succeededFuture() : conn.query(steer.before()).execute();
    Future<List<InboxEvent>> claimed = Replanned.run(conn, String.format(claim, floor, nowMs, limit))
      .map(InboxRepository::events);
    Future<?> restored = steer == null ? Future.succeededFuture() : conn.query(steer.after()).execute();
    return Future.all(steered, claimed, restored).map(v -> claimed.result());
  }

  /** Whether claims start at a {@link ClaimFloor} on this store. */
  public boolean claimsFromFloor() {
    return floor != null;
  }

  /** Takes a new reading of {@code claimFloor} (PostgreSQL), outside any transaction. */
  Future<Void> readFloor(ClaimFloor claimFloor, long nowMs) {
    return Replanned.run(store.pool(), String.format(floor, nowMs)).map(rows -> {
      Row row = rows.iterator().next();
      claimFloor.read(nowMs, row.getLong("lowest_due"), row.getLong("allocated"));
      return null;
    });
  }

  /** Marks the events applied, in one statement. */
  public Future<Void> markDone(SqlConnection conn, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return Replanned.run(conn, String.format(markDone, Replanned.ids(ids))).mapEmpty();
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

  /** A webhook to store: its source, event id, raw body and arrival time. */
  public record Webhook(String source, String eventId, String payload, long receivedAtMs) {
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
