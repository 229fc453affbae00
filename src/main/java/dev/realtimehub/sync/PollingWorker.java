package dev.realtimehub.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker verticle that runs rounds of work: round after round while there is more, then a sleep of the
 * poll interval, cut short by a message on its wake-up address. While polls alone find nothing to do, the sleep
 * doubles up to ten poll intervals (at most 2 s, or the poll interval when that is longer): wake-ups bring the work
 * of this node at once, so an idle node's polls only look for retries that fell due and work from elsewhere, and
 * cost it little CPU. A wake-up during a round starts another round
 * after it: the work that woke it may have been committed after the round looked. A worker may linger a few
 * milliseconds between a wake-up and its round, so that the work of the wake-ups of those milliseconds (one per
 * webhook insert or committed event) is done in one round and one transaction instead of many. Stopping waits for the
 * current round to finish, so a round never loses its transaction to an undeploy.
 */
public abstract class PollingWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

  private final String wakeAddress;
  private final long pollMs;
  /** How long a wake-up waits before its round, so that the work of a few wake-ups shares one round. */
  private final long lingerMs;
  /** A round is due at the end of a linger: wake-ups meanwhile add nothing. */
  private boolean lingering;
  private final long idlePollMs;
  /** The next sleep: the poll interval after a wake-up or work, doubling with each poll after that. */
  private long sleepMs;
  private MessageConsumer<String> wakeUps;
  private boolean running;
  /** A wake-up came while a round ran. */
  private boolean wokenWhileRunning;
  private Promise<Void> stopping;
  private long timer = -1;
  /** Rounds failed in a row: only the first is logged as a warning, so an unreachable store does not flood the log. */
  private long failedRounds;

  protected PollingWorker(String wakeAddress, long pollMs) {
    this(wakeAddress, pollMs, 0);
  }

  protected PollingWorker(String wakeAddress, long pollMs, long lingerMs) {
    this.wakeAddress = wakeAddress;
    this.pollMs = pollMs;
    this.lingerMs = lingerMs;
    this.idlePollMs = Math.max(pollMs, Math.min(pollMs * 10, 2_000));
    this.sleepMs = pollMs;
  }

  /** One round of work; completes with {@code true} when another round should follow at once. */
  protected abstract Future<Boolean> round();

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(wakeAddress, message -> wake());
    schedule();
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (running) {
      stopping = Promise.promise();
      return Future.join(wakeUps.unregister(), stopping.future());
    }
    return wakeUps.unregister();
  }

  private void wake() {
    if (stopping != null) {
      return;
    }
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    if (lingering) {
      return;
    }
    vertx.cancelTimer(timer);
    sleepMs = pollMs;
    lingerThenWork();
  }

  private void lingerThenWork() {
    if (lingerMs <= 0) {
      work();
      return;
    }
    lingering = true;
    timer = vertx.setTimer(lingerMs, id -> {
      lingering = false;
      work();
    });
  }

  private void schedule() {
    timer = vertx.setTimer(sleepMs, id -> work());
    sleepMs = Math.min(sleepMs * 2, idlePollMs);
  }

  private void logOutcome(Throwable failure) {
    String worker = getClass().getSimpleName();
    if (failure == null) {
      if (failedRounds > 0) {
        log.info("{} works again after {} failed rounds", worker, failedRounds);
      }
      failedRounds = 0;
    } else if (failedRounds++ == 0) {
      log.warn("{} round failed, retrying at the next poll: {}", worker, failure.toString());
    } else {
      log.debug("{} round failed again ({} in a row): {}", worker, failedRounds, failure.toString());
    }
  }

  private void work() {
    running = true;
    wokenWhileRunning = false;
    round().onComplete(result -> {
      logOutcome(result.failed() ? result.cause() : null);
      if (stopping != null) {
        running = false;
        stopping.complete();
      } else if (result.succeeded() && result.result()) {
        sleepMs = pollMs;
        work();
      } else if (result.succeeded() && wokenWhileRunning) {
        sleepMs = pollMs;
        running = false;
        lingerThenWork();
      } else {
        running = false;
        schedule();
      }
    });
  }
}
