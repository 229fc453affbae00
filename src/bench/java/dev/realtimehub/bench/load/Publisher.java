package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

/**
 * Publishes at a fixed rate through {@code POST /api/publish}: a 1 ms tick sends whatever the schedule says
 * is due, so the rate holds whether the server answers fast or slow. Every request is bounded by a timeout.
 * Sequence numbers grow across steps, which lets the receiver tell a late message from an earlier step.
 */
public final class Publisher {

  /** What one publishing run did. {@code expected} counts deliveries owed for the accepted publishes. */
  public record Outcome(long attempted, long accepted, long rejected, long failed, long expected,
                        Histogram responseMicros) {
  }

  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final HttpClient client;
  private final AtomicLong nextSeq = new AtomicLong(1);

  public Publisher(Vertx vertx, Endpoint endpoint) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
      .with(new PoolOptions().setHttp1MaxSize(64))
      .build();
  }

  /** The sequence number the next publish will carry. */
  public long nextSeq() {
    return nextSeq.get();
  }

  /**
   * Publishes {@code rate} messages a second for {@code seconds}; message {@code n} of the run goes to
   * {@code channelOf.apply(n)}, and each accepted publish owes {@code subscribers} deliveries.
   */
  public Future<Outcome> run(double rate, double seconds, LongFunction<String> channelOf,
                             ToIntFunction<String> subscribers) {
    Promise<Outcome> promise = Promise.promise();
    long total = Math.max(1, Math.round(rate * seconds));
    Run run = new Run(total, promise);
    long start = System.nanoTime();
    vertx.runOnContext(v -> tick(run, start, rate, channelOf, subscribers));
    return promise.future();
  }

  /** Sends what is due, then schedules the next tick 1 ms later until the run has sent everything. */
  private void tick(Run run, long start, double rate, LongFunction<String> channelOf,
                    ToIntFunction<String> subscribers) {
    long due = Math.min(run.total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
    while (run.sent < due) {
      String channel = channelOf.apply(run.sent);
      run.sent++;
      send(run, channel, subscribers.applyAsInt(channel));
    }
    if (run.sent < run.total) {
      vertx.setTimer(1, timer -> tick(run, start, rate, channelOf, subscribers));
    }
  }

  private void send(Run run, String channel, int owed) {
    long sent = System.nanoTime();
    String body = Payloads.publishBody(channel, sent, nextSeq.getAndIncrement());
    client.request(new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(Endpoint.HOST)
        .setPort(endpoint.publishPort())
        .setURI("/api/publish")
        .setTimeout(REQUEST_TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + endpoint.apiKey())
        .putHeader("Content-Type", "application/json"))
      .compose(request -> request.send(body))
      .compose(response -> response.body().map(b -> response.statusCode()))
      .onSuccess(status -> run.answered(status, owed, sent))
      .onFailure(failure -> run.failed());
  }

  /** The state of one run; touched only on the generator's event loop. */
  private static final class Run {
    private final long total;
    private final Promise<Outcome> promise;
    private final Histogram responseMicros = new Histogram(3);
    private long sent;
    private long accepted;
    private long rejected;
    private long failed;
    private long expected;

    Run(long total, Promise<Outcome> promise) {
      this.total = total;
      this.promise = promise;
    }

    void answered(int status, int owed, long sentNanos) {
      responseMicros.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
      if (status / 100 == 2) {
        accepted++;
        expected += owed;
      } else {
        rejected++;
      }
      settle();
    }

    void failed() {
      failed++;
      settle();
    }

    private void settle() {
      if (accepted + rejected + failed == total) {
        promise.complete(new Outcome(total, accepted, rejected, failed, expected, responseMicros));
      }
    }
  }
}
