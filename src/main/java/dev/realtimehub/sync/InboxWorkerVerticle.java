package dev.realtimehub.sync;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An inbox worker, deployed as a worker verticle on the {@code hub-sync} pool. It claims one due event at a
 * time ({@code FOR UPDATE SKIP LOCKED}, so workers on every node share the queue and never take the same row)
 * and applies it in the claiming transaction: domain tables, audit and outbox commit together with the row's
 * {@code done}, or not at all. A failed attempt is rolled back to a savepoint and recorded in the same
 * transaction: retry after a jittered backoff, or after {@code sync.max_attempts} the {@code dead} letter
 * (announced on channel {@code sync}). A
 * worker that dies mid-event leaves its transaction uncommitted, so the row is simply claimed again. It works
 * until the queue is empty, then sleeps for the poll interval or until a webhook wakes it.
 */
public final class InboxWorkerVerticle extends PollingWorker {

  private static final Logger log = LoggerFactory.getLogger(InboxWorkerVerticle.class);

  private final Store store;
  private final InboxRepository inbox;
  private final OutboxRepository outbox;
  private final List<Pipeline> pipelines;
  private final Backoff backoff;
  private final int maxAttempts;
  public InboxWorkerVerticle(Store store, List<Pipeline> pipelines, Backoff backoff, int maxAttempts, long pollMs) {
    super(Addresses.INBOX_WAKE, pollMs);
    this.store = store;
    this.inbox = new InboxRepository(store);
    this.outbox = new OutboxRepository(store);
    this.pipelines = List.copyOf(pipelines);
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
  }

  @Override
  protected Future<Boolean> round() {
    return processNext(0);
  }

  /** Applies the next due event of the pipelines from {@code index} on; {@code true} when one was handled. */
  private Future<Boolean> processNext(int index) {
    if (index >= pipelines.size()) {
      return Future.succeededFuture(false);
    }
    return processOne(pipelines.get(index))
      .compose(handled -> handled ? Future.succeededFuture(true) : processNext(index + 1));
  }

  private Future<Boolean> processOne(Pipeline pipeline) {
    long now = System.currentTimeMillis();
    AtomicReference<InboxEvent> claimed = new AtomicReference<>();
    return store.pool().withTransaction(conn -> inbox.claim(conn, pipeline.source(), now)
        .compose(event -> {
          claimed.set(event);
          return event == null ? Future.succeededFuture(false) : applyOrRecord(conn, pipeline, event, now);
        }))
      .onSuccess(this::wakeRelay)
      .recover(failure -> claimed.get() == null ? Future.failedFuture(failure)
        : store.pool().withTransaction(conn -> recordFailure(conn, claimed.get(), failure)).map(true));
  }

  /**
   * Applies the event behind a savepoint; when that fails, rolls back to it and records the failed attempt in the
   * same transaction, so the row stays locked until its attempt count and retry time are written. (Recording it
   * in a second transaction left a gap in which another worker could claim the row and try it again at once.)
   */
  private Future<Boolean> applyOrRecord(SqlConnection conn, Pipeline pipeline, InboxEvent event, long now) {
    return conn.query("SAVEPOINT apply_event").execute()
      .compose(v -> pipeline.apply(conn, event, now))
      .compose(v -> inbox.markDone(conn, event.id()))
      .map(true)
      .recover(failure -> conn.query("ROLLBACK TO SAVEPOINT apply_event").execute()
        .compose(v -> recordFailure(conn, event, failure))
        .map(true));
  }

  private Future<Void> recordFailure(SqlConnection conn, InboxEvent event, Throwable failure) {
    int attempt = event.attempts() + 1;
    boolean dead = attempt >= maxAttempts;
    long retryAt = System.currentTimeMillis() + backoff.delayMs(attempt, ThreadLocalRandom.current().nextDouble());
    String error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return inbox.recordFailure(conn, event.id(), event.attempts(), dead, retryAt, error)
      .compose(counted -> counted && dead ? announceDead(conn, event, error).map(true)
        : Future.succeededFuture(counted))
      .onSuccess(counted -> {
        if (counted) {
          logFailure(event, attempt, dead, error);
          wakeRelay(dead);
        }
      })
      .mapEmpty();
  }

  private Future<Void> announceDead(SqlConnection conn, InboxEvent event, String error) {
    return outbox.add(conn, "sync", "sync.dead_letter", new JsonObject()
      .put("id", event.id())
      .put("source", event.source())
      .put("eventId", event.eventId())
      .put("error", error), System.currentTimeMillis());
  }

  private static void logFailure(InboxEvent event, int attempt, boolean dead, String error) {
    if (dead) {
      log.warn("sync event dead-lettered id={} source={} attempts={} error={}", event.id(), event.source(), attempt,
        error);
    } else {
      log.info("sync event failed, will retry id={} source={} attempt={} error={}", event.id(), event.source(),
        attempt, error);
    }
  }

  private void wakeRelay(boolean changed) {
    if (changed) {
      vertx.eventBus().publish(Addresses.OUTBOX_WAKE, "", new DeliveryOptions().setLocalOnly(true));
    }
  }
}
