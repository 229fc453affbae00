package dev.realtimehub.receipts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.ContractSupport.race;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ReadReceiptStore} must do: keep each user's highest read offset per channel, say when
 * a mark moved it forward, and list every user's offset. The suite uses only the SPI and its futures, and
 * fresh channels per test, so it runs unchanged against a shared store.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class ReadReceiptStoreContract {

  /** Creates the store under test, ready to use. */
  protected abstract Future<ReadReceiptStore> create(Vertx vertx);

  /** Releases what {@link #create} made. */
  protected Future<Void> destroy(ReadReceiptStore store) {
    return Future.succeededFuture();
  }

  private ReadReceiptStore store;
  private final String channel = uniqueChannel("conversation");

  @BeforeEach
  void setUp(Vertx vertx) {
    store = create(vertx).await();
  }

  @AfterEach
  void tearDown() {
    destroy(store).await();
  }

  @Test
  void firstMarkMovesForward(VertxTestContext ctx) {
    store.mark(channel, "alice", 3)
      .onSuccess(moved -> ctx.verify(() -> assertTrue(moved)))
      .compose(moved -> store.reads(channel))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals(Map.of("alice", 3L), reads);
        ctx.completeNow();
      })));
  }

  @Test
  void onlyAHigherMarkMovesForwardAndTheHighestIsKept(VertxTestContext ctx) {
    store.mark(channel, "alice", 5)
      .compose(moved -> store.mark(channel, "alice", 8))
      .onSuccess(moved -> ctx.verify(() -> assertTrue(moved, "8 after 5")))
      .compose(moved -> store.mark(channel, "alice", 8))
      .onSuccess(moved -> ctx.verify(() -> assertFalse(moved, "8 again")))
      .compose(moved -> store.mark(channel, "alice", 6))
      .onSuccess(moved -> ctx.verify(() -> assertFalse(moved, "6 after 8")))
      .compose(moved -> store.reads(channel))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals(Map.of("alice", 8L), reads, "a lower mark never moves the offset back");
        ctx.completeNow();
      })));
  }

  @Test
  void readsListEveryUsersLastOffset(VertxTestContext ctx) {
    store.mark(channel, "alice", 4)
      .compose(moved -> store.mark(channel, "bob", 2))
      .compose(moved -> store.mark(channel, "carol", 7))
      .compose(moved -> store.mark(channel, "bob", 5))
      .compose(moved -> store.reads(channel))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals(Map.of("alice", 4L, "bob", 5L, "carol", 7L), reads);
        ctx.completeNow();
      })));
  }

  @Test
  void unknownChannelHasNoReads(VertxTestContext ctx) {
    store.reads(channel)
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertTrue(reads.isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void channelsAreIndependent(VertxTestContext ctx) {
    String other = uniqueChannel("conversation");
    store.mark(channel, "alice", 9)
      .compose(moved -> store.mark(other, "alice", 2))
      .onSuccess(moved -> ctx.verify(() -> assertTrue(moved, "a mark in another channel is its own")))
      .compose(moved -> Future.all(store.reads(channel), store.reads(other)))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals(Map.of("alice", 9L), reads.resultAt(0));
        assertEquals(Map.of("alice", 2L), reads.resultAt(1));
        ctx.completeNow();
      })));
  }

  @Test
  void racingMarksKeepTheHighestOffset(Vertx vertx, VertxTestContext ctx) {
    List<Long> offsets = new ArrayList<>();
    for (long offset = 1; offset <= 200; offset++) {
      offsets.add(offset);
    }
    Collections.shuffle(offsets, new Random(7));
    race(vertx, 4, 50, (lane, i) -> store.mark(channel, "alice", offsets.get(lane * 50 + i))
        .map(moved -> moved ? offsets.get(lane * 50 + i) : null))
      .onSuccess(moved -> ctx.verify(() -> assertTrue(moved.contains(200L), "the highest mark moved forward")))
      .compose(moved -> store.reads(channel))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals(Map.of("alice", 200L), reads, "a racing lower mark never wins");
        ctx.completeNow();
      })));
  }
}
