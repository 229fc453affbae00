package dev.realtimehub.sync.access;

import dev.realtimehub.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SQL of {@code user_access}, {@code user_permissions} and {@code memberships}. Updates of one user serialise
 * on its {@code user_access} row: {@link #lock} creates the row when the user is new (an anchor at version -1)
 * and locks it, so a second worker applying the same user waits for the first to commit and then sees its
 * version.
 */
public final class UserAccessRepository {

  /** Permissions HBH-2 sent; replaced as a whole by each newer users item. */
  public static final String FROM_HBH2 = "hbh2";
  /** Permissions the hub granted for an unlocked feature; HBH-2 updates leave them alone. */
  public static final String FROM_FEATURE = "feature";

  private final String anchor;
  private final String lock;
  private final String update;
  private final String addMembership;
  private final String removeMembership;
  private final String clearPermissions;
  private final String grant;
  private final String membershipsPage;

  public UserAccessRepository(Store store) {
    this.anchor = store.dialect().sql("INSERT INTO user_access (id, roles, permissions, team_ids, group_ids, version, "
      + "updated_at) VALUES ($1, '[]', '[]', '[]', '[]', -1, $2) ON CONFLICT DO NOTHING");
    this.lock = store.dialect().sql("SELECT id, roles, permissions, team_ids, group_ids, version FROM user_access "
      + "WHERE id = $1 FOR UPDATE");
    this.update = store.dialect().sql("UPDATE user_access SET roles = $2, permissions = $3, team_ids = $4, "
      + "group_ids = $5, version = $6, updated_at = $7 WHERE id = $1");
    this.addMembership = store.dialect().sql("INSERT INTO memberships (kind, group_id, user_id) VALUES ($1, $2, $3) "
      + "ON CONFLICT DO NOTHING");
    this.removeMembership = store.dialect().sql("DELETE FROM memberships WHERE kind = $1 AND group_id = $2 "
      + "AND user_id = $3");
    this.clearPermissions = store.dialect().sql("DELETE FROM user_permissions WHERE user_id = $1 AND source = $2");
    this.grant = store.dialect().sql("INSERT INTO user_permissions (user_id, permission, source, granted_at) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
    this.membershipsPage = store.dialect().sql("SELECT kind, group_id, user_id FROM memberships "
      + "WHERE (kind, group_id, user_id) > ($1, $2, $3) ORDER BY kind, group_id, user_id LIMIT $4");
  }

  /** The user's stored access, locked until the caller's transaction ends; version -1 when new. */
  public Future<UserAccess> lock(SqlConnection conn, String userId, long nowMs) {
    return conn.preparedQuery(anchor).execute(Tuple.of(userId, nowMs))
      .compose(v -> conn.preparedQuery(lock).execute(Tuple.of(userId)))
      .map(rows -> toAccess(rows.iterator().next()));
  }

  /** Stores {@code after} over {@code before}: the row, the membership rows and HBH-2's permission rows. */
  public Future<Void> replace(SqlConnection conn, UserAccess before, UserAccess after, long nowMs) {
    String user = after.userId();
    List<Tuple> added = new ArrayList<>();
    List<Tuple> removed = new ArrayList<>();
    memberships(AccessChange.TEAM_KIND, user, UserAccess.removed(after.teams(), before.teams()), added);
    memberships(AccessChange.GROUP_KIND, user, UserAccess.removed(after.groups(), before.groups()), added);
    memberships(AccessChange.TEAM_KIND, user, UserAccess.removed(before.teams(), after.teams()), removed);
    memberships(AccessChange.GROUP_KIND, user, UserAccess.removed(before.groups(), after.groups()), removed);
    List<Tuple> permissions = after.permissions().stream()
      .map(permission -> Tuple.of(user, permission, FROM_HBH2, nowMs))
      .toList();
    return conn.preparedQuery(update)
      .execute(Tuple.from(List.of(user, json(after.roles()), json(after.permissions()), json(after.teams()),
        json(after.groups()), after.version(), nowMs)))
      .compose(v -> batch(conn, removeMembership, removed))
      .compose(v -> batch(conn, addMembership, added))
      .compose(v -> conn.preparedQuery(clearPermissions).execute(Tuple.of(user, FROM_HBH2)))
      .compose(v -> batch(conn, grant, permissions));
  }

  /** Grants a permission from {@code source}; idempotent. */
  public Future<Void> grant(SqlConnection conn, String userId, String permission, String source, long nowMs) {
    return conn.preparedQuery(grant).execute(Tuple.of(userId, permission, source, nowMs)).mapEmpty();
  }

  /** One page of memberships after the given key, in key order; {@code ["", "", ""]} starts. */
  public Future<List<String[]>> memberships(SqlClient client, String[] after, int limit) {
    return client.preparedQuery(membershipsPage)
      .execute(Tuple.of(after[0], after[1], after[2], limit))
      .map(rows -> {
        List<String[]> page = new ArrayList<>();
        rows.forEach(row -> page.add(new String[] {row.getString("kind"), row.getString("group_id"),
          row.getString("user_id")}));
        return page;
      });
  }

  private static void memberships(String kind, String user, Set<String> ids, List<Tuple> into) {
    ids.forEach(id -> into.add(Tuple.of(kind, id, user)));
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> tuples) {
    return tuples.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(tuples).mapEmpty();
  }

  private static String json(Set<String> values) {
    return UserAccess.sorted(values).encode();
  }

  private static UserAccess toAccess(Row row) {
    return new UserAccess(row.getString("id"), set(row.getString("roles")), set(row.getString("permissions")),
      set(row.getString("team_ids")), set(row.getString("group_ids")), row.getLong("version"));
  }

  private static Set<String> set(String json) {
    return UserAccess.strings(new JsonArray(json));
  }
}
