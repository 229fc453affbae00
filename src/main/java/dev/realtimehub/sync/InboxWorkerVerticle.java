package dev.realtimehub.sync;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An inbox worker, deployed as a worker verticle on the {@code hub-sync} pool. Each round is one transaction: it
 * claims up to {@code sync.events_per_transaction} due events of every source, oldest first ({@code FOR UPDATE
 * SKIP LOCKED}, so workers on every node share the queue and never take the same row), and applies them in order,
 * each behind a savepoint. An applied event's domain tables, audit and outbox rows commit together with its
 * {@code done}, or not at all. A failed event is rolled back to its savepoint and its attempt recorded in the same
 * transaction (retry after a jittered backoff, or after {@code sync.max_attempts} the {@code dead} letter,
 * announced on channel {@code sync}) while the others go on. An event that waited longer than
 * {@code sync.lock_wait_ms} for another worker's row lock is not at fault: the transaction commits what it has
 * and the event, still pending, opens the next one. A worker that dies mid-transaction leaves it uncommitted, so
 * its rows are simply claimed again. It works until the queue is empty, then sleeps for the poll interval or
 * until a webhook wakes it.
 */
public final class InboxWorkerVerticle extends PollingWorker {

  private static final Logger log = LoggerFactory.getLogger(InboxWorkerVerticle.class);

  private final Store store;
  private final InboxRepository inbox;
  private final OutboxRepository outbox;
  private final Map<String, Pipeline> pipelines = new HashMap<>();
  private final Backoff backoff;
  private final HubMetrics metrics;
  private final Settings config;
  /** After a transaction failed as a whole, the next claims one event, so that a poison event is recorded alone. */
  private boolean narrow;

  /** What the worker reads of {@code sync}: events per transaction, lock wait and attempts. */
  public record Settings(int eventsPerTransaction, int lockWaitMs, int maxAttempts, long pollMs) {
  }

  public InboxWorkerVerticle(Store store, List<Pipeline> pipelines, Backoff backoff, HubMetrics metrics,
                             Settings config) {
    super(Addresses.INBOX_WAKE, config.pollMs());
    this.store = store;
    this.inbox = new InboxRepository(store);
    this.outbox = new OutboxRepository(store);
    pipelines.forEach(pipeline -> this.pipelines.put(pipeline.source(), pipeline));
    this.backoff = backoff;
    this.metrics = metrics;
    this.config = config;
  }

  /** One transaction's worth; {@code true} when more events may be due at once. */
  @Override
  protected Future<Boolean> round() {
    int limit = narrow ? 1 : config.eventsPerTransaction();
    long started = System.nanoTime();
    long now = System.currentTimeMillis();
    Batch batch = new Batch();
    return store.withSavepoints(conn -> boundLockWait(conn)
        .compose(v -> inbox.claim(conn, now, limit))
        .compose(events -> {
          batch.claimed.addAll(events);
          return applyFrom(conn, batch, 0, now);
        })
        .compose(v -> inbox.markDone(conn, batch.appliedIds())))
      .map(v -> committed(batch, limit, started))
      .recover(failure -> failed(batch, failure));
  }

  private Future<Void> boundLockWait(SqlConnection conn) {
    String sql = store.dialect().boundLockWait(config.lockWaitMs());
    return sql == null ? Future.succeededFuture() : conn.query(sql).execute().mapEmpty();
  }

  /** Applies the claimed events from {@code index} on, until all are settled or one has to wait for the next. */
  private Future<Void> applyFrom(SqlConnection conn, Batch batch, int index, long now) {
    if (index >= batch.claimed.size()) {
      return Future.succeededFuture();
    }
    InboxEvent event = batch.claimed.get(index);
    return applyOrRecord(conn, batch, event, now)
      .compose(goOn -> goOn ? applyFrom(conn, batch, index + 1, now) : Future.succeededFuture());
  }

  /**
   * Applies the event behind a savepoint; when that fails, rolls back to it and records the failed attempt in the
   * same transaction, so the row stays locked until its attempt count and retry time are written. (Recording it
   * in a second transaction left a gap in which another worker could claim the row and try it again at once.)
   * Completes with {@code false} when the event was deferred and the transaction should commit now.
   */
  private Future<Boolean> applyOrRecord(SqlConnection conn, Batch batch, InboxEvent event, long now) {
    // Issued together: the connection runs the savepoint before the pipeline's first statement, one round trip.
    return Future.all(conn.query("SAVEPOINT apply_event").execute(), apply(conn, event, now))
      .map(v -> {
        batch.applied.add(event);
        return true;
      })
      .recover(failure -> conn.query("ROLLBACK TO SAVEPOINT apply_event").execute()
        .compose(v -> {
          if (LockContention.causedBy(failure)) {
            batch.deferred = event;
            return Future.succeededFuture(false);
          }
          return recordFailure(conn, event, failure).map(outcome -> {
            batch.failed.add(outcome);
            return true;
          });
        }));
  }

  /** The event's pipeline at work; a pipeline that throws fails this event only. */
  private Future<Void> apply(SqlConnection conn, InboxEvent event, long now) {
    Pipeline pipeline = pipelines.get(event.source());
    if (pipeline == null) {
      return Future.failedFuture(new IllegalStateException("no pipeline for source " + event.source()));
    }
    try {
      return pipeline.apply(conn, event, now);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private boolean committed(Batch batch, int limit, long started) {
    narrow = false;
    if (!batch.claimed.isEmpty()) {
      metrics.syncTransaction(System.nanoTime() - started, batch.claimed.size());
    }
    batch.applied.forEach(event -> metrics.syncEvents(event.source(), "applied", 1));
    batch.failed.forEach(this::report);
    if (batch.deferred != null) {
      metrics.syncEvents(batch.deferred.source(), "deferred", 1);
    }
    if (!batch.applied.isEmpty() || batch.failed.stream().anyMatch(Failure::dead)) {
      vertx.eventBus().publish(Addresses.OUTBOX_WAKE, "", new DeliveryOptions().setLocalOnly(true));
    }
    return batch.deferred != null || batch.claimed.size() == limit;
  }

  /**
   * The transaction failed outside any one event's savepoint (commit, connection, claim). A lone event is
   * recorded as failed in a transaction of its own, so that an event that breaks its transaction still reaches
   * the dead letters; with several, the next round claims one at a time until one commits.
   */
  private Future<Boolean> failed(Batch batch, Throwable failure) {
    if (batch.claimed.size() == 1) {
      InboxEvent event = batch.claimed.get(0);
      return store.pool().withTransaction(conn -> recordFailure(conn, event, failure))
        .map(outcome -> {
          report(outcome);
          return true;
        });
    }
    narrow = batch.claimed.size() > 1;
    return Future.failedFuture(failure);
  }

  private void report(Failure failure) {
    if (failure.counted()) {
      failure.log();
      metrics.syncEvents(failure.event().source(), failure.dead() ? "dead" : "retry", 1);
    }
  }

  private Future<Failure> recordFailure(SqlConnection conn, InboxEvent event, Throwable failure) {
    int attempt = event.attempts() + 1;
    boolean dead = attempt >= config.maxAttempts();
    long retryAt = System.currentTimeMillis() + backoff.delayMs(attempt, ThreadLocalRandom.current().nextDouble());
    String error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return inbox.recordFailure(conn, event.id(), event.attempts(), dead, retryAt, error)
      .compose(counted -> counted && dead ? announceDead(conn, event, error).map(true)
        : Future.succeededFuture(counted))
      .map(counted -> new Failure(event, attempt, dead, error, counted));
  }

  private Future<Void> announceDead(SqlConnection conn, InboxEvent event, String error) {
    return outbox.add(conn, "sync", "sync.dead_letter", new JsonObject()
      .put("id", event.id())
      .put("source", event.source())
      .put("eventId", event.eventId())
      .put("error", error), System.currentTimeMillis());
  }

  /** The events one transaction claimed and what became of them. */
  private static final class Batch {
    final List<InboxEvent> claimed = new ArrayList<>();
    final List<InboxEvent> applied = new ArrayList<>();
    final List<Failure> failed = new ArrayList<>();
    InboxEvent deferred;

    List<Long> appliedIds() {
      return applied.stream().map(InboxEvent::id).toList();
    }
  }

  /** A failed attempt; {@code counted} is false when another worker had already recorded this attempt. */
  private record Failure(InboxEvent event, int attempt, boolean dead, String error, boolean counted) {

    void log() {
      if (dead) {
        log.warn("sync event dead-lettered id={} source={} attempts={} error={}", event.id(), event.source(),
          attempt, error);
      } else {
        log.info("sync event failed, will retry id={} source={} attempt={} error={}", event.id(), event.source(),
          attempt, error);
      }
    }
  }
}
