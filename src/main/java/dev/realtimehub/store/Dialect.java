package dev.realtimehub.store;

import java.util.regex.Pattern;

/**
 * The few places where the SQL of PostgreSQL and of the embedded H2 (PostgreSQL mode) differ. Repositories
 * write PostgreSQL SQL with {@code $n} parameters and pass it through {@link #sql(String)} once, at
 * construction.
 */
public enum Dialect {
  POSTGRES,
  H2;

  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

  /** The statement in this dialect: H2 through JDBC numbers its parameters {@code ?1}, not {@code $1}. */
  public String sql(String postgresSql) {
    return this == POSTGRES ? postgresSql : PARAMETER.matcher(postgresSql).replaceAll("?$1");
  }

  /**
   * The suffix that claims rows without waiting for rows other workers hold, so that several workers (and
   * nodes) share a queue without doing any row twice. Both databases support it; it is kept here because it
   * is the clause most likely to differ on another store.
   */
  public String claimRows() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /**
   * The statement that bounds how long the current transaction waits for a row lock, or {@code null} where the
   * store has no per-transaction setting (H2 keeps its connection-wide lock timeout).
   */
  public String boundLockWait(int millis) {
    return this == POSTGRES ? "SELECT set_config('lock_timeout', '" + millis + "ms', true)" : null;
  }

  /**
   * The statements around the inbox claim that make PostgreSQL walk the claim's index in id order and stop at the
   * limit, or {@code null} where no such steering is needed (H2). Without fresh statistics (a queue table's change
   * faster than autovacuum analyzes it, and the benchmark machine runs without autovacuum) the planner takes a
   * backlog of thousands of pending rows for a handful and prefers a bitmap scan that reads and sorts all of them
   * (66 ms per claim measured under a backlog, against 1-2 ms for the walk). Bitmap scans and sorts are turned off
   * for the claim only: {@code after} turns them on again for the rest of the transaction (their default).
   */
  public ClaimSteering steerClaim() {
    return this == POSTGRES ? new ClaimSteering(
      "SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)",
      "SELECT set_config('enable_bitmapscan', 'on', true), set_config('enable_sort', 'on', true)") : null;
  }

  /** The statements sent right before and right after the inbox claim, in its transaction. */
  public record ClaimSteering(String before, String after) {
  }

  /** An {@code INSERT} (PostgreSQL SQL) that answers the generated {@code id}: H2 has no {@code RETURNING}. */
  public String insertReturningId(String postgresInsert) {
    return this == POSTGRES ? postgresInsert + " RETURNING id"
      : "SELECT id FROM FINAL TABLE (" + sql(postgresInsert) + ")";
  }

  /**
   * Whether one statement can chain writes, with {@code INSERT ... ON CONFLICT DO UPDATE} and data-modifying
   * {@code WITH} clauses. H2 has neither, so there the same change takes several statements.
   */
  public boolean chainsWrites() {
    return this == POSTGRES;
  }

  /**
   * Whether the inbox workers release an event's savepoint before the next one's: on PostgreSQL a row locked by
   * the transaction and updated inside a savepoint gets a multixact deleter that vacuum and index scans never take
   * for surely dead. H2 has no such cost, and its savepoints are left as they were.
   */
  public boolean releasesSavepoints() {
    return this == POSTGRES;
  }
}
