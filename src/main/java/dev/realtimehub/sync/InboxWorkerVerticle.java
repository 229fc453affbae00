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
 * SKIP LOCKED}, so workers on every node share the queue and never take the same row), and applies them in order.
 * An applied event's domain tables, audit and outbox rows commit together with its {@code done}, or not at all.
 * A round first applies its events without savepoints, since nearly every event succeeds and two statements per
 * event are a fifth of the work; if any event fails, the whole transaction is rolled back, nothing is counted, and
 * the next round takes the events again with a savepoint each. A failed event is rolled back to its savepoint and
 * its attempt recorded in the same
 * transaction (retry after a jittered backoff, or after {@code sync.max_attempts} the {@code dead} letter,
 * announced on channel {@code sync}) while the others go on. An event that waited longer than
 * {@code sync.lock_wait_ms} for another worker's row lock is not at fault: the transaction commits what it has
 * and the event, still pending, opens the next one. A worker that dies mid-transaction leaves it uncommitted, so
 * its rows are simply claimed again. It works until the queue is empty, then sleeps for the poll interval or
 * until a webhook wakes it. Round trips: {@code BEGIN}, the lock wait and the claim travel together; each event's
 * savepoint statements travel with its pipeline's first statements; for a pipeline that says when its last
 * statements are sent ({@link Pipeline#apply(SqlConnection, InboxEvent, long, Runnable, Runnable)}), the next
 * event's first statements travel with them; and in a round without savepoints, for a pipeline that says when its
 * reads are sent, the next event goes out right behind those, so a whole batch of such events takes a few round
 * trips instead of one each; consecutive events of a pipeline that applies several together go to it in one call.
 * Claims start at a {@link ClaimFloor}.
 */
public final class InboxWorkerVerticle extends PollingWorker {

  /**
   * A wake-up's wait before its round: at 2 000 webhooks a second the rounds claimed 2.6 events on average, each
   * round a transaction with its claim, marks and commit; 5 ms more of latency lets them take several times more.
   */
  static final long LINGER_MS = 5;

  private static final Logger log = LoggerFactory.getLogger(InboxWorkerVerticle.class);

  private final Store store;
  private final InboxRepository inbox;
  private final OutboxRepository outbox;
  private final Map<String, Pipeline> pipelines = new HashMap<>();
  private final Backoff backoff;
  private final HubMetrics metrics;
  private final Settings config;
  /** PostgreSQL: each event's savepoint is released before the next one is set (see {@link #releaseSavepoint}). */
  private final boolean releasesSavepoints;
  /** After a transaction failed as a whole, the next claims one event, so that a poison event is recorded alone. */
  private boolean narrow;
  /** After a round without savepoints failed, the next one sets a savepoint per event. */
  private boolean careful;
  private final ClaimFloor floor = new ClaimFloor();

  /** What the worker reads of {@code sync}: events per transaction, lock wait and attempts. */
  public record Settings(int eventsPerTransaction, int lockWaitMs, int maxAttempts, long pollMs) {
  }

  public InboxWorkerVerticle(Store store, List<Pipeline> pipelines, Backoff backoff, HubMetrics metrics,
                             Settings config) {
    super(Addresses.INBOX_WAKE, config.pollMs(), LINGER_MS);
    this.store = store;
    this.inbox = new InboxRepository(store);
    this.outbox = new OutboxRepository(store);
    pipelines.forEach(pipeline -> this.pipelines.put(pipeline.source(), pipeline));
    this.backoff = backoff;
    this.metrics = metrics;
    this.config = config;
    this.releasesSavepoints = store.dialect().releasesSavepoints();
  }

  /** One transaction's worth; {@code true} when more events may be due at once. */
  @Override
  protected Future<Boolean> round() {
    int limit = narrow ? 1 : config.eventsPerTransaction();
    long started = System.nanoTime();
    long now = System.currentTimeMillis();
    Batch batch = new Batch(!careful && !narrow);
    Future<Void> floorRead = inbox.claimsFromFloor() && floor.due(now) ? inbox.readFloor(floor, now)
      : Future.succeededFuture();
    // BEGIN, the lock wait and the claim go out together: one round trip before the first event.
    return floorRead.compose(read -> store.withSavepoints((conn, begun) -> {
      Future<Void> bounded = boundLockWait(conn);
      Future<List<InboxEvent>> claimed = inbox.claim(conn, floor.floor(), now, limit);
      return Future.all(begun, bounded, claimed)
        .compose(v -> {
          batch.claimed.addAll(claimed.result());
          return applyFrom(conn, batch, 0, now);
        })
        .compose(v -> Future.all(releaseSavepoint(conn, batch), inbox.markDone(conn, batch.appliedIds())));
    }))
      .map(v -> committed(batch, limit, started))
      .recover(failure -> batch.optimistic ? redoCarefully(batch, failure) : failed(batch, failure));
  }

  /**
   * Releases the savepoint of the event before, so that events' savepoints follow one another instead of nesting,
   * and the rows are marked done by the transaction that claimed them: a row locked by the transaction and updated
   * in a subtransaction would get a multixact as its deleter, which PostgreSQL never counts as surely dead, so the
   * claim's index scan would visit every such version again until vacuum instead of marking its entry dead.
   */
  private Future<?> releaseSavepoint(SqlConnection conn, Batch batch) {
    if (!batch.savepoint) {
      return Future.succeededFuture();
    }
    batch.savepoint = false;
    return conn.query("RELEASE SAVEPOINT apply_event").execute();
  }

  private Future<Void> boundLockWait(SqlConnection conn) {
    String sql = store.dialect().boundLockWait(config.lockWaitMs());
    return sql == null ? Future.succeededFuture() : conn.query(sql).execute().mapEmpty();
  }

  /**
   * Applies the claimed events from {@code index} on, until all are settled or one has to wait for the next. In a
   * round without savepoints, consecutive events of a source whose pipeline {@link Pipeline#appliesTogether()}
   * go to it in one call: a handful of statements for all of them instead of a few per event.
   */
  private Future<Void> applyFrom(SqlConnection conn, Batch batch, int index, long now) {
    int size = batch.claimed.size();
    if (index >= size) {
      return Future.succeededFuture();
    }
    if (!batch.optimistic) {
      return settle(conn, batch, start(conn, batch, index, size, now), now);
    }
    String source = batch.claimed.get(index).source();
    int end = index + 1;
    while (end < size && batch.claimed.get(end).source().equals(source)) {
      end++;
    }
    Pipeline pipeline = pipelines.get(source);
    if (end - index < 2 || pipeline == null || !pipeline.appliesTogether()) {
      return settle(conn, batch, start(conn, batch, index, end, now), now);
    }
    List<InboxEvent> run = batch.claimed.subList(index, end);
    int next = end;
    return applyAll(conn, pipeline, run, now)
      .compose(v -> {
        batch.applied.addAll(run);
        metrics.syncAppliedTogether(source, run.size());
        return applyFrom(conn, batch, next, now);
      });
  }

  /** The pipeline at work on a run of its events; one that throws fails them all (the round is redone). */
  private Future<Void> applyAll(SqlConnection conn, Pipeline pipeline, List<InboxEvent> run, long now) {
    try {
      return pipeline.applyAll(conn, run, now)
        .recover(failure -> Future.failedFuture(new EventFailed(run, failure)));
    } catch (RuntimeException e) {
      return Future.failedFuture(new EventFailed(run, e));
    }
  }

  /**
   * Sends the event's statements: with savepoints, the release of the savepoint before (PostgreSQL), its own
   * savepoint and its pipeline's first statements, in one round trip; once the pipeline says its last statements
   * are sent, the next event is started behind them, so that its first statements travel with this one's last ones.
   * Without savepoints the next event is started as soon as the pipeline says its reads are sent.
   */
  private Attempt start(SqlConnection conn, Batch batch, int index, int end, long now) {
    Future<?> savepoint = Future.succeededFuture();
    if (!batch.optimistic) {
      Future<?> released = releaseSavepoint(conn, batch);
      Future<?> saved = conn.query("SAVEPOINT apply_event").execute();
      batch.savepoint = releasesSavepoints;
      savepoint = Future.all(released, saved);
    }
    Attempt attempt = new Attempt(batch.claimed.get(index), index, savepoint);
    Runnable startNext = () -> {
      if (index + 1 < end && attempt.next == null) {
        attempt.next = start(conn, batch, index + 1, end, now);
      }
    };
    // With savepoints the next event's must follow all of this one's statements; without, it may follow its reads.
    attempt.applied = batch.optimistic ? apply(conn, attempt.event, now, () -> { }, startNext)
      : apply(conn, attempt.event, now, startNext, () -> { });
    return attempt;
  }

  /**
   * Waits for the event's outcome and goes on with the events after it. When the event fails, it is rolled back to
   * its savepoint and its failed attempt recorded in the same transaction, so the row stays locked until its
   * attempt count and retry time are written. (Recording it in a second transaction left a gap in which another
   * worker could claim the row and try it again at once.) A next event already sent behind it ran in the aborted
   * transaction, so it is started again. An event that waited too long for a lock is deferred: the transaction
   * commits now and the event opens the next one. Should the savepoint statements fail, the transaction does.
   */
  private Future<Void> settle(SqlConnection conn, Batch batch, Attempt attempt, long now) {
    return attempt.savepoint.compose(v -> attempt.applied.transform(outcome -> {
      if (outcome.succeeded()) {
        batch.applied.add(attempt.event);
        return attempt.next != null ? settle(conn, batch, attempt.next, now)
          : applyFrom(conn, batch, attempt.index + 1, now);
      }
      Throwable failure = outcome.cause();
      if (batch.optimistic) {
        return Future.failedFuture(new EventFailed(attempt.event, failure));
      }
      return conn.query("ROLLBACK TO SAVEPOINT apply_event").execute().compose(rolledBack -> {
        if (LockContention.causedBy(failure)) {
          batch.deferred = attempt.event;
          return Future.succeededFuture();
        }
        return recordFailure(conn, attempt.event, failure)
          .compose(recorded -> {
            batch.failed.add(recorded);
            return applyFrom(conn, batch, attempt.index + 1, now);
          });
      });
    }));
  }

  /** The event's pipeline at work; a pipeline that throws fails this event only. */
  private Future<Void> apply(SqlConnection conn, InboxEvent event, long now, Runnable lastStatementsSent,
                             Runnable readsSent) {
    Pipeline pipeline = pipelines.get(event.source());
    if (pipeline == null) {
      return Future.failedFuture(new IllegalStateException("no pipeline for source " + event.source()));
    }
    try {
      return pipeline.apply(conn, event, now, lastStatementsSent, readsSent);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private boolean committed(Batch batch, int limit, long started) {
    narrow = false;
    careful = false;
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
   * A round without savepoints failed, because of one of its events or as a whole: it was rolled back, so its
   * events are pending as they were. The next round, at once, takes them again with a savepoint per event, and
   * counts and records what fails there.
   */
  private Future<Boolean> redoCarefully(Batch batch, Throwable failure) {
    careful = true;
    metrics.syncRedone(batch.claimed.size());
    log.debug("sync transaction of {} events rolled back, applying them again with savepoints: {}",
      batch.claimed.size(), failure.toString());
    return Future.succeededFuture(true);
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

  /** One event's statements on the connection, and the next event's when they were sent behind them. */
  private static final class Attempt {
    final InboxEvent event;
    final int index;
    final Future<?> savepoint;
    Future<Void> applied;
    Attempt next;

    Attempt(InboxEvent event, int index, Future<?> savepoint) {
      this.event = event;
      this.index = index;
      this.savepoint = savepoint;
    }
  }

  /** An event (or a run applied together) failed in a round without savepoints: the transaction is rolled back. */
  private static final class EventFailed extends RuntimeException {
    EventFailed(InboxEvent event, Throwable cause) {
      super("event " + event.id() + " (" + event.source() + ") failed: " + cause.getMessage(), cause, false, false);
    }

    EventFailed(List<InboxEvent> run, Throwable cause) {
      super("events " + run.get(0).id() + ".." + run.get(run.size() - 1).id() + " (" + run.get(0).source()
        + ") failed together: " + cause.getMessage(), cause, false, false);
    }
  }

  /** The events one transaction claimed and what became of them. */
  private static final class Batch {
    /** Applied without savepoints: any failure rolls the transaction back (see {@link #redoCarefully}). */
    final boolean optimistic;
    final List<InboxEvent> claimed = new ArrayList<>();
    final List<InboxEvent> applied = new ArrayList<>();
    final List<Failure> failed = new ArrayList<>();
    InboxEvent deferred;
    /** A savepoint of an event is set and not yet released (it stays after a rollback to it). */
    boolean savepoint;

    Batch(boolean optimistic) {
      this.optimistic = optimistic;
    }

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
