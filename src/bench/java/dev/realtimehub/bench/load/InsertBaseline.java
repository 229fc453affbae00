package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The floor under webhook acceptance: one single-row INSERT (auto-committed) into a table of the same database, at
 * a fixed rate, from the generator's process.
 */
public final class InsertBaseline {

  /** What one step did. */
  public record Outcome(long attempted, long committed, Histogram latencyMicros) {
  }

  private final Vertx vertx;
  private final Pool pool;

  public InsertBaseline(Vertx vertx, String pgUrl) {
    this.vertx = vertx;
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(pgUrl).using(vertx).build();
  }

  /**
   * Creates the baseline's table and empties the hub's tables (the database is the bench's own): webhooks an
   * earlier run left pending would be worked through first, with send times from another process's clock, and
   * the rows earlier runs left behind would make this run's queries slower than a fresh store's. The schema's
   * history and its single-row state tables stay.
   */
  public Future<Void> prepare() {
    return pool.query("CREATE TABLE IF NOT EXISTS bench_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, "
        + "created_at BIGINT NOT NULL)").execute()
      .compose(v -> pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN "
        + "('flyway_schema_history', 'change_sequence', 'change_forwarding')").execute())
      .compose(rows -> {
        List<String> tables = new ArrayList<>();
        rows.forEach(row -> tables.add(row.getString(0)));
        return pool.query("TRUNCATE " + String.join(", ", tables)).execute().map(tables.size());
      })
      .onSuccess(count -> System.err.printf("  emptied %d tables of the bench database%n", count))
      .mapEmpty();
  }

  public Future<Outcome> run(double rate, double seconds) {
    long total = Math.max(1, Math.round(rate * seconds));
    Histogram latency = new Histogram(3);
    long[] counts = new long[3];
    Promise<Outcome> done = Promise.promise();
    long start = System.nanoTime();
    tick(total, start, rate, counts, latency, done);
    return done.future();
  }

  private void tick(long total, long start, double rate, long[] counts, Histogram latency, Promise<Outcome> done) {
    long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
    while (counts[0] < due) {
      counts[0]++;
      long sent = System.nanoTime();
      pool.preparedQuery("INSERT INTO bench_insert (payload, created_at) VALUES ($1, $2)")
        .execute(Tuple.of("{\"eventId\":\"bench-" + sent + "\"}", System.currentTimeMillis()))
        .onComplete(result -> {
          latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
          counts[result.succeeded() ? 1 : 2]++;
          if (counts[1] + counts[2] == total) {
            done.complete(new Outcome(total, counts[1], latency));
          }
        });
    }
    if (counts[0] < total) {
      vertx.setTimer(1, id -> tick(total, start, rate, counts, latency, done));
    }
  }

  public Future<Void> close() {
    return pool.close();
  }
}
