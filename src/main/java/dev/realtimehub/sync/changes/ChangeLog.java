package dev.realtimehub.sync.changes;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The change log that HBH-2 reads with {@code GET /api/shared/sync/changes?since=<cursor>}: permission, unlock and
 * membership changes, in the order they committed. {@link #record} runs inside the caller's transaction and takes
 * the single {@code change_sequence} row's lock until that transaction ends, so sequence numbers become visible in
 * order and a reader whose cursor passed {@code n} can never meet a smaller number later. Call it as the last step
 * of a transaction: it serialises the committing tails of every transaction that records changes.
 */
public final class ChangeLog {

  /** Kinds of change. */
  public static final String PERMISSION = "permission";
  public static final String UNLOCK = "unlock";
  public static final String MEMBERSHIP = "membership";

  /** Most changes per page. */
  public static final int MAX_PAGE = 500;

  private final Store store;
  private final String next;
  private final String current;
  private final String insert;
  private final String page;

  public ChangeLog(Store store) {
    this.store = store;
    this.next = store.dialect().sql("UPDATE change_sequence SET last_seq = last_seq + 1 WHERE id = 1");
    this.current = store.dialect().sql("SELECT last_seq FROM change_sequence WHERE id = 1");
    this.insert = store.dialect().sql("INSERT INTO changes (seq, kind, subject, detail, created_at) "
      + "VALUES ($1, $2, $3, $4, $5)");
    this.page = store.dialect().sql("SELECT seq, kind, subject, detail, created_at FROM changes WHERE seq > $1 "
      + "ORDER BY seq LIMIT $2");
  }

  /**
   * Records a change in the caller's transaction.
   *
   * @param kind    {@link #PERMISSION}, {@link #UNLOCK} or {@link #MEMBERSHIP} (at most 64 characters)
   * @param subject what changed, for example {@code user.42} or {@code team.7} (at most 255 characters)
   * @param detail  what HBH-2 needs to apply it
   */
  public Future<Long> record(SqlConnection conn, String kind, String subject, JsonObject detail, long nowMs) {
    return conn.preparedQuery(next).execute()
      .compose(v -> conn.preparedQuery(current).execute())
      .map(rows -> rows.iterator().next().getLong("last_seq"))
      .compose(seq -> conn.preparedQuery(insert).execute(Tuple.of(seq, kind, subject, detail.encode(), nowMs))
        .map(seq));
  }

  /** Up to {@code limit} changes after {@code since}, in order. */
  public Future<JsonArray> after(long since, int limit) {
    return store.pool().preparedQuery(page)
      .execute(Tuple.of(since, limit))
      .map(rows -> {
        JsonArray changes = new JsonArray();
        rows.forEach(row -> changes.add(toJson(row)));
        return changes;
      });
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("seq", row.getLong("seq"))
      .put("kind", row.getString("kind"))
      .put("subject", row.getString("subject"))
      .put("detail", new JsonObject(row.getString("detail")))
      .put("createdAt", row.getLong("created_at"));
  }
}
