package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.realtimehub.history.Appends.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep of the memory store, driven by its clock. The contract suites cover the rest. */
class LocalHistoryStoreTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final HistoryPolicy ONE_SECOND = new HistoryPolicy(10, 1);

  private final AtomicLong clock = new AtomicLong(T0);
  private final LocalHistoryStore store = new LocalHistoryStore(v -> clock.get());

  /** The memory store answers at once; a pending future here would be a bug of its own. */
  private static <T> T done(Future<T> future) {
    assertTrue(future.succeeded(), () -> "completed at once: " + future);
    return future.result();
  }

  private Message append(String channel, String event, HistoryPolicy policy) {
    return done(store.append(Appends.publication(channel, event, clock.get()), policy));
  }

  @Test
  void sweepKeepsAStreamWhoseMessagesAreStillRecoverable() {
    HistoryPolicy oneHour = new HistoryPolicy(10, 3600);
    append("conversation.1", "m1", oneHour);
    clock.set(T0 + 120_000);
    assertEquals(0, store.sweep());
    assertEquals(1, store.size());
    assertEquals(1L, done(store.position("conversation.1")).offset());
  }

  @Test
  void sweepForgetsAStreamOnlyOnceItWasIdleForAMinute() {
    append("conversation.1", "m1", ONE_SECOND);
    clock.set(T0 + 30_000);
    assertEquals(0, store.sweep(), "its message expired, but it was active recently");
    clock.set(T0 + 60_001);
    assertEquals(1, store.sweep());
    assertEquals(0, store.size());
    assertEquals(new StreamPosition(0, ""), done(store.position("conversation.1")));
    assertEquals(0, store.sweep(), "forgotten once");
  }

  @Test
  void sweepForgetsAStreamOnceItsTtlPassedWhenTheTtlIsLongerThanAMinute() {
    HistoryPolicy twoMinutes = new HistoryPolicy(10, 120);
    append("conversation.1", "m1", twoMinutes);
    clock.set(T0 + 120_000);
    assertEquals(0, store.sweep());
    clock.set(T0 + 120_001);
    assertEquals(1, store.sweep());
  }

  @Test
  void sweepCountsOnlyTheIdleStreams() {
    append("conversation.1", "m1", ONE_SECOND);
    append("conversation.2", "m1", ONE_SECOND);
    clock.set(T0 + 50_000);
    append("conversation.3", "m1", ONE_SECOND);
    clock.set(T0 + 61_000);
    assertEquals(2, store.sweep());
    assertEquals(1, store.size());
    assertEquals(1L, done(store.position("conversation.3")).offset());
  }

  @Test
  void appendingKeepsAStreamWithoutHistoryAlive() {
    HistoryPolicy none = new HistoryPolicy(0, 300);
    append("conversation.1", "m1", none);
    clock.set(T0 + 50_000);
    append("conversation.1", "m2", none);
    clock.set(T0 + 100_000);
    assertEquals(0, store.sweep());
    assertEquals(2L, done(store.position("conversation.1")).offset());
  }

  @Test
  void forgottenChannelComesBackUnderANewEpochAndOldPositionsAreNotRecovered() {
    append("conversation.1", "m1", ONE_SECOND);
    Message second = append("conversation.1", "m2", ONE_SECOND);
    clock.set(T0 + 61_000);
    store.sweep();
    Message again = append("conversation.1", "m3", ONE_SECOND);
    assertEquals(1L, again.offset(), "numbering starts over");
    assertNotEquals(second.epoch(), again.epoch(), "under a new epoch");
    assertFalse(done(store.after("conversation.1", 2, second.epoch(), 10, ONE_SECOND)).recovered());
    assertFalse(done(store.after("conversation.1", 1, second.epoch(), 10, ONE_SECOND)).recovered(),
      "an old position that happens to match a new offset");
    HistoryRead fresh = done(store.after("conversation.1", 0, null, 10, ONE_SECOND));
    assertTrue(fresh.recovered());
    assertEquals(List.of(1L), offsets(fresh.messages()));
  }
}
