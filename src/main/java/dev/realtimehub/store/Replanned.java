package dev.realtimehub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Statements that the database plans afresh at every execution, with their numbers written into the SQL: the
 * sync workers' claims and batch marks, run once per batch. As prepared statements, PostgreSQL soon switches
 * them to a generic plan made without their values (it assumes a {@code LIMIT} takes a tenth of the table) and
 * while the table was small, and keeps it as the table grows: the inbox claim then sorted every pending row,
 * spilling to disk under a backlog, and the outbox delete scanned the whole table. Only numbers are written in,
 * so nothing needs quoting.
 */
public final class Replanned {

  private Replanned() {
  }

  /** Runs a statement whose values are all numbers written into {@code sql}, planned for those values. */
  public static Future<RowSet<Row>> run(SqlClient client, String sql) {
    return client.query(sql).execute();
  }

  /** {@code ids} as a SQL list of numbers, for {@code IN (...)}. */
  public static String ids(List<Long> ids) {
    return ids.stream().map(id -> Long.toString(id)).collect(Collectors.joining(","));
  }
}
