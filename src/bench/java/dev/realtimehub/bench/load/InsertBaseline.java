package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Histogram;

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
   * Creates the baseline's table and drops webhooks an earlier run left pending in the hub's inbox: the hub would
   * work through them first, and their send times come from another process's clock.
   */
  public Future<Void> prepare() {
    return pool.query("CREATE TABLE IF NOT EXISTS bench_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, "
        + "created_at BIGINT NOT NULL)").execute()
      .compose(v -> pool.query("DELETE FROM inbox WHERE status = 'pending' AND event_id LIKE 'bench-%'").execute())
      .onSuccess(rows -> {
        if (rows.rowCount() > 0) {
          System.err.printf("  dropped %,d bench webhooks an earlier run left pending%n", rows.rowCount());
        }
      })
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
