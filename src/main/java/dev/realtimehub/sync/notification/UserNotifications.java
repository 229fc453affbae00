package dev.realtimehub.sync.notification;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.outbox.OutboxRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The durable notifications of {@code user.{id}} channels. A pipeline calls {@link #add} inside its transaction:
 * the notification is stored and its outbox row written together, so a user who was offline reads from the store
 * exactly what subscribers were sent. The live message carries {@code notificationId} for marking it read.
 * Reads and marks run on the pool; pages are in id order, which is the order of {@code since} cursors.
 */
public final class UserNotifications {

  /**
   * PostgreSQL: the {@code WITH} clauses that store notifications of one event ({@code $2}) at one time
   * ({@code $1}), for the users {@code $3} ({@code varchar[]}) with the data {@code $4} ({@code text[]}), in that
   * order, and write each one's message to {@code user.{userId}}: the stored data with the notification's id
   * added as {@code notificationId}. A statement adds its own clauses after it, with parameters from {@code $5}.
   */
  public static final String WITH_MESSAGES = "WITH notified AS ("
    + "INSERT INTO user_notification (user_id, event, data, created_at) "
    + "SELECT user_id, $2, data, $1 FROM UNNEST($3::varchar[], $4::text[]) WITH ORDINALITY AS n(user_id, data, i) "
    + "ORDER BY i RETURNING id, user_id, data), "
    + "messages AS (INSERT INTO outbox (channel, event, data, created_at) "
    + "SELECT 'user.' || user_id, $2, (data::jsonb || jsonb_build_object('notificationId', id))::text, $1 "
    + "FROM notified ORDER BY id)";

  /** Most notifications per page. */
  public static final int MAX_PAGE = 200;
  /** Most ids per mark-as-read call. */
  public static final int MAX_IDS = 1000;

  private final Store store;
  private final OutboxRepository outbox;
  private final String insert;
  private final String insertWithMessage;
  private final String page;
  private final String unreadPage;
  private final String markIds;
  private final String markUpTo;

  public UserNotifications(Store store, OutboxRepository outbox) {
    this.store = store;
    this.outbox = outbox;
    this.insert = store.dialect().insertReturningId("INSERT INTO user_notification (user_id, event, data, created_at) "
      + "VALUES ($1, $2, $3, $4)");
    this.insertWithMessage = store.dialect().chainsWrites() ? WITH_MESSAGES + " SELECT 1" : null;
    String select = "SELECT id, event, data, created_at, read_at FROM user_notification WHERE user_id = $1 AND id > $2";
    this.page = store.dialect().sql(select + " ORDER BY id LIMIT $3");
    this.unreadPage = store.dialect().sql(select + " AND read_at IS NULL ORDER BY id LIMIT $3");
    this.markIds = store.dialect().sql("UPDATE user_notification SET read_at = $3 WHERE user_id = $1 AND id = $2 "
      + "AND read_at IS NULL");
    this.markUpTo = store.dialect().sql("UPDATE user_notification SET read_at = $3 WHERE user_id = $1 AND id <= $2 "
      + "AND read_at IS NULL");
  }

  /** Stores the notification and writes its message to {@code user.{userId}}, in the caller's transaction. */
  public Future<Void> add(SqlConnection conn, String userId, String event, JsonObject data, long nowMs) {
    if (insertWithMessage != null) {
      return conn.preparedQuery(insertWithMessage)
        .execute(Tuple.of(nowMs, event, new String[] {userId}, new String[] {data.encode()}))
        .mapEmpty();
    }
    return conn.preparedQuery(insert)
      .execute(Tuple.of(userId, event, data.encode(), nowMs))
      .map(rows -> rows.iterator().next().getLong("id"))
      .compose(id -> outbox.add(conn, "user." + userId, event, data.copy().put("notificationId", id), nowMs));
  }

  /** Up to {@code limit} notifications of the user after {@code since}, oldest first. */
  public Future<JsonArray> list(String userId, long since, boolean unreadOnly, int limit) {
    return store.pool().preparedQuery(unreadOnly ? unreadPage : page)
      .execute(Tuple.of(userId, since, limit))
      .map(rows -> {
        JsonArray list = new JsonArray();
        rows.forEach(row -> list.add(toJson(row)));
        return list;
      });
  }

  /** Marks the given notifications of the user read; answers how many were unread. */
  public Future<Integer> markRead(String userId, List<Long> ids, long nowMs) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return store.committed(client -> client.preparedQuery(markIds)
      .executeBatch(ids.stream().map(id -> Tuple.of(userId, id, nowMs)).toList())
      .map(UserNotifications::totalRows));
  }

  /** Marks every notification of the user up to and including {@code upTo} read. */
  public Future<Integer> markReadUpTo(String userId, long upTo, long nowMs) {
    return store.committed(client -> client.preparedQuery(markUpTo)
      .execute(Tuple.of(userId, upTo, nowMs))
      .map(rows -> rows.rowCount()));
  }

  private static int totalRows(RowSet<Row> rows) {
    int total = 0;
    for (RowSet<Row> set = rows; set != null; set = set.next()) {
      total += set.rowCount();
    }
    return total;
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("event", row.getString("event"))
      .put("data", new JsonObject(row.getString("data")))
      .put("createdAt", row.getLong("created_at"))
      .put("readAt", row.getLong("read_at"));
  }
}
