package dev.realtimehub.store;

import dev.realtimehub.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The SQL store of the sync pipelines: PostgreSQL through vertx-pg-client when {@code pg.url} is set, else an
 * embedded H2 database in PostgreSQL mode through the Vert.x JDBC client (which runs JDBC on worker threads).
 * Both are the same {@link Pool} API, so one set of SQL serves both; {@link Dialect} holds the differences.
 * The schema is migrated before the pool is handed out. Thread-safe.
 */
public final class Store {

  private static final Logger log = LoggerFactory.getLogger(Store.class);
  public static final String IN_MEMORY = ":memory:";
  private static final String H2_OPTIONS =
    ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE";

  private final Pool pool;
  private final Dialect dialect;
  private final String description;
  private final boolean inMemory;
  /** Opens another pool to the same database, for {@link #separatePool}. */
  private final Function<PoolOptions, Pool> pools;

  private Store(Function<PoolOptions, Pool> pools, PoolOptions options, Dialect dialect, String description,
                boolean inMemory) {
    this.pools = pools;
    this.pool = pools.apply(options);
    this.dialect = dialect;
    this.description = description;
    this.inMemory = inMemory;
  }

  /** Migrates the schema on a worker thread, then opens the pool. */
  public static Future<Store> create(Vertx vertx, HubConfig.Pg pg, HubConfig.Store store) {
    PoolOptions poolOptions = new PoolOptions().setMaxSize(pg.poolSize()).setName("hub-store");
    if (pg.enabled()) {
      // Every statement is prepared: caching them spares PostgreSQL a parse and plan per execution.
      PgConnectOptions connect = PgConnectOptions.fromUri(pg.url()).setCachePreparedStatements(true);
      String jdbcUrl = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/"
        + connect.getDatabase();
      return vertx.executeBlocking(() -> Migrations.apply(jdbcUrl, connect.getUser(), connect.getPassword()))
        .map(migrated -> new Store(options -> PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build(),
          poolOptions, Dialect.POSTGRES, "postgresql " + connect.getHost() + ":" + connect.getPort() + "/"
          + connect.getDatabase(), false));
    }
    boolean inMemory = IN_MEMORY.equals(store.dataDir());
    String jdbcUrl = inMemory
      ? "jdbc:h2:mem:hub-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS
      : "jdbc:h2:file:" + Path.of(store.dataDir()).toAbsolutePath().resolve("hub") + H2_OPTIONS;
    return vertx.executeBlocking(() -> Migrations.apply(jdbcUrl, "sa", ""))
      .map(migrated -> new Store(options -> JDBCPool.pool(vertx, H2DataSource.create(jdbcUrl), options), poolOptions,
        Dialect.H2, inMemory ? "embedded in memory" : "embedded in " + store.dataDir(), inMemory));
  }

  /**
   * The same database through a pool of its own, {@code size} connections named {@code name}: the sync workers
   * use one, so that a burst of webhooks queueing for the main pool never holds up the transactions that apply
   * them, nor they the webhooks. Closing it leaves the database open.
   */
  public Store separatePool(String name, int size) {
    return new Store(pools, new PoolOptions().setMaxSize(size).setName(name), dialect, description, false);
  }

  public Pool pool() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs a write outside a caller's transaction so that it is committed when its future succeeds. On PostgreSQL
   * that is the pool's auto-commit. The Vert.x JDBC client of 5.0.x leaves a pooled connection in manual-commit
   * mode after any transaction (vert-x3/vertx-jdbc-client#356), so a bare write on the embedded store could answer
   * success and stay uncommitted; there it runs in its own transaction.
   */
  public <T> Future<T> committed(Function<SqlClient, Future<T>> write) {
    return dialect == Dialect.POSTGRES ? write.apply(pool) : pool.withTransaction(write::apply);
  }

  /**
   * Runs {@code work} in a transaction in which a failed statement can be rolled back to a savepoint and the
   * transaction go on; commits when {@code work} succeeds, else rolls back. The PostgreSQL client's transaction
   * object marks itself failed for good at the first statement error, savepoint or not, and then turns the commit
   * into a rollback; so on PostgreSQL the transaction is plain {@code BEGIN}/{@code COMMIT} on a pooled connection.
   * Every failed statement inside must be followed by a {@code ROLLBACK TO SAVEPOINT}, else PostgreSQL answers
   * the {@code COMMIT} with a rollback. {@code BEGIN} goes out in one round trip with the first statements of
   * {@code work}, which gets its outcome as the second argument: until that has succeeded, the statements may have
   * run outside a transaction, so {@code work} must not act on their answers before it.
   */
  public <T> Future<T> withSavepoints(BiFunction<SqlConnection, Future<?>, Future<T>> work) {
    if (dialect != Dialect.POSTGRES) {
      return pool.withTransaction(conn -> work.apply(conn, Future.succeededFuture()));
    }
    return pool.withConnection(conn -> work.apply(conn, conn.query("BEGIN").execute())
      .compose(result -> conn.query("COMMIT").execute().map(result),
        failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.<T>failedFuture(failure))));
  }

  /** Where the store lives, for the start-up log line. */
  public String description() {
    return description;
  }

  /** A cheap round trip, for readiness. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** Closes the pool; an in-memory database is shut down with it, so that its memory is released. */
  public Future<Void> close() {
    Future<Void> shutdown = inMemory ? pool.query("SHUTDOWN").execute().mapEmpty() : Future.succeededFuture();
    return shutdown
      .recover(e -> {
        log.debug("in-memory store shutdown failed: {}", e.toString());
        return Future.succeededFuture();
      })
      .eventually(pool::close);
  }
}
