package dev.realtimehub.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker verticle that runs rounds of work: round after round while there is more, then a sleep of the
 * poll interval, cut short by a message on its wake-up address. A wake-up during a round starts another round
 * right after it: the work that woke it may have been committed after the round looked. Stopping waits for the
 * current round to finish, so a round never loses its transaction to an undeploy.
 */
public abstract class PollingWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

  private final String wakeAddress;
  private final long pollMs;
  private MessageConsumer<String> wakeUps;
  private boolean running;
  /** A wake-up came while a round ran. */
  private boolean wokenWhileRunning;
  private Promise<Void> stopping;
  private long timer = -1;
  /** Rounds failed in a row: only the first is logged as a warning, so an unreachable store does not flood the log. */
  private long failedRounds;

  protected PollingWorker(String wakeAddress, long pollMs) {
    this.wakeAddress = wakeAddress;
    this.pollMs = pollMs;
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
    vertx.cancelTimer(timer);
    work();
  }

  private void schedule() {
    timer = vertx.setTimer(pollMs, id -> work());
  }

  private void logOutcome(Throwable failure) {
    String worker = getClass().getSimpleName();
    if (failure == null) {
      if (failedRounds > 0) {
        log.info("{} works again after {} failed rounds", worker, failedRounds);
      }
      failedRounds = 0;
    } else if (failedRounds++ == 0) {
      log.warn("{} round failed, retrying every poll interval: {}", worker, failure.toString());
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
      } else if (result.succeeded() && (result.result() || wokenWhileRunning)) {
        work();
      } else {
        running = false;
        schedule();
      }
    });
  }
}
