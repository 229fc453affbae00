package dev.realtimehub.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Helpers for the contract suites of the realtime SPIs (broker, history, presence, receipts): channel names
 * unique to one test, so that a shared store never needs a flush between tests, and racing callers on
 * several event loops.
 */
public final class ContractSupport {

  private ContractSupport() {
  }

  /** A valid channel name of {@code type} that no other test uses. */
  public static String uniqueChannel(String type) {
    return type + ".ct-" + UUID.randomUUID();
  }

  /** Asserts that {@code offsets} are exactly 1, 2, … {@code last}, naming the first one out of place. */
  public static void assertOneTo(long last, List<Long> offsets, String what) {
    for (int i = 0; i < Math.min(offsets.size(), last); i++) {
      long index = i;
      assertEquals(i + 1L, offsets.get(i), () -> what + ": offset at position " + index);
    }
    assertEquals(last, offsets.size(), () -> what + ": how many");
  }

  /**
   * Starts {@code lanes} callers at once, each on its own event-loop context, and has each one call
   * {@code operation(lane, i)} for {@code i} in {@code 0..perLane-1} without waiting in between. Completes
   * with every result, lane by lane, once all of them completed, back on the caller's context, so that a
   * test can race again from there.
   */
  public static <T> Future<List<T>> race(Vertx vertx, int lanes, int perLane,
                                         BiFunction<Integer, Integer, Future<T>> operation) {
    Context caller = vertx.getOrCreateContext();
    Promise<List<T>> result = Promise.promise();
    List<Future<Lane>> deployed = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      Lane verticle = new Lane();
      deployed.add(vertx.deployVerticle(verticle).map(id -> verticle.deployed(id)));
    }
    Future.all(deployed)
      .compose(all -> runLanes(all.<Lane>list(), perLane, operation)
        .eventually(() -> Future.join(all.<Lane>list().stream().map(lane -> vertx.undeploy(lane.id)).toList())))
      .onComplete(done -> caller.runOnContext(v -> result.handle(done)));
    return result.future();
  }

  private static <T> Future<List<T>> runLanes(List<Lane> lanes, int perLane,
                                              BiFunction<Integer, Integer, Future<T>> operation) {
    StartLine start = new StartLine(lanes.size());
    List<Future<List<T>>> results = new ArrayList<>();
    for (int lane = 0; lane < lanes.size(); lane++) {
      results.add(lanes.get(lane).run(lane, perLane, start, operation));
    }
    return Future.all(results).map(all -> {
      List<T> flat = new ArrayList<>();
      all.<List<T>>list().forEach(flat::addAll);
      return flat;
    });
  }

  /** A verticle that only lends its event-loop context to one lane of callers. */
  private static final class Lane extends VerticleBase {

    private String id;

    Lane deployed(String id) {
      this.id = id;
      return this;
    }

    <T> Future<List<T>> run(int lane, int perLane, StartLine start,
                            BiFunction<Integer, Integer, Future<T>> operation) {
      Context loop = context;
      Promise<List<T>> done = Promise.promise();
      loop.runOnContext(v -> {
        start.arriveAndWaitForTheOthers();
        List<Future<T>> calls = new ArrayList<>();
        try {
          for (int i = 0; i < perLane; i++) {
            calls.add(operation.apply(lane, i));
          }
        } catch (RuntimeException e) {
          done.fail(e);
          return;
        }
        Future.all(calls).<List<T>>map(all -> all.list()).onComplete(done);
      });
      return done.future();
    }
  }

  /**
   * Holds each lane on its event loop until every lane is there, so that their calls overlap instead of
   * running one lane after the other. Waits at most a second: a lane that cannot start (a busy event loop)
   * only makes the race milder, never stuck.
   */
  private static final class StartLine {

    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicInteger waiting;

    StartLine(int lanes) {
      this.waiting = new AtomicInteger(lanes);
    }

    void arriveAndWaitForTheOthers() {
      long deadline = System.nanoTime() + MAX_WAIT_NANOS;
      waiting.decrementAndGet();
      while (waiting.get() > 0 && System.nanoTime() - deadline < 0) {
        Thread.onSpinWait();
      }
    }
  }
}
