package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Bounded polling: the bench never sleeps for a fixed time to wait for something. Each poll schedules the
 * next one, so nothing needs cancelling.
 */
public final class Waits {

  private static final long POLL_MS = 20;

  private Waits() {
  }

  /** Completes when {@code condition} holds; fails after {@code timeoutMs}. */
  public static Future<Void> until(Vertx vertx, BooleanSupplier condition, long timeoutMs) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    poll(vertx, () -> {
      if (condition.getAsBoolean()) {
        promise.tryComplete();
      } else if (System.nanoTime() > deadline) {
        promise.tryFail("timed out after " + timeoutMs + " ms");
      }
      return promise.future().isComplete();
    });
    return promise.future();
  }

  /**
   * Completes when {@code done} holds, or when {@code progress} has not moved for {@code quietMs}; never
   * fails, and gives up after {@code timeoutMs}.
   */
  public static Future<Void> settle(Vertx vertx, BooleanSupplier done, LongSupplier progress, long quietMs,
                                    long timeoutMs) {
    Promise<Void> promise = Promise.promise();
    long start = System.nanoTime();
    long[] last = {progress.getAsLong(), start};
    poll(vertx, () -> {
      long now = System.nanoTime();
      long value = progress.getAsLong();
      if (value != last[0]) {
        last[0] = value;
        last[1] = now;
      }
      if (done.getAsBoolean() || now - last[1] > quietMs * 1_000_000 || now - start > timeoutMs * 1_000_000) {
        promise.tryComplete();
      }
      return promise.future().isComplete();
    });
    return promise.future();
  }

  /** Runs {@code check} every poll interval until it returns {@code true}. */
  private static void poll(Vertx vertx, BooleanSupplier check) {
    vertx.setTimer(POLL_MS, timer -> {
      if (!check.getAsBoolean()) {
        poll(vertx, check);
      }
    });
  }
}
