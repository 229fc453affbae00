package dev.realtimehub.history;

import dev.realtimehub.broker.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.history.Appends.events;
import static dev.realtimehub.history.Appends.inTurn;
import static dev.realtimehub.history.Appends.offsets;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link HistoryStore} must do about positions and recovery: offsets, epochs and which resume
 * positions are recoverable. Retention (size, TTL, limits) is {@link HistoryRetentionContract}. The suite
 * uses only the SPI and its futures, and a fresh channel per test, so it runs unchanged against a shared
 * store.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class HistoryStoreContract {

  private static final HistoryPolicy KEEP = new HistoryPolicy(100, 300);

  /** Creates the store under test, ready to use. */
  protected abstract Future<HistoryStore> create(Vertx vertx);

  /** Releases what {@link #create} made. */
  protected Future<Void> destroy(HistoryStore store) {
    return Future.succeededFuture();
  }

  private HistoryStore store;
  private final String channel = uniqueChannel("conversation");

  @BeforeEach
  void setUp(Vertx vertx) {
    store = create(vertx).await();
  }

  @AfterEach
  void tearDown() {
    destroy(store).await();
  }

  /** Appends {@code count} messages and reads after {@code offset} with the epoch they were given. */
  private Future<HistoryRead> appendThenRead(int count, long offset) {
    return inTurn(store, channel, KEEP, count)
      .compose(appended -> store.after(channel, offset, appended.get(0).epoch(), 100, KEEP));
  }

  @Test
  void positionOfAnUnknownChannelIsOffsetZeroWithAnEmptyEpoch(VertxTestContext ctx) {
    store.position(channel)
      .onComplete(ctx.succeeding(position -> ctx.verify(() -> {
        assertEquals(new StreamPosition(0, ""), position);
        ctx.completeNow();
      })));
  }

  @Test
  void appendsNumberTheChannelFromOneUnderOneStableEpoch(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 3)
      .onSuccess(appended -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L, 3L), offsets(appended));
        String epoch = appended.get(0).epoch();
        assertFalse(epoch == null || epoch.isEmpty(), "an appended message has an epoch");
        appended.forEach(m -> assertEquals(epoch, m.epoch()));
      }))
      .compose(appended -> store.position(channel)
        .onSuccess(position -> ctx.verify(() -> assertEquals(new StreamPosition(3, appended.get(0).epoch()),
          position)))
        .compose(position -> store.append(Appends.publication(channel, "m4", System.currentTimeMillis()), KEEP))
        .compose(fourth -> store.position(channel)
          .onSuccess(position -> ctx.verify(() -> {
            assertEquals(new StreamPosition(4, appended.get(0).epoch()), position);
            assertEquals(position, new StreamPosition(fourth.offset(), fourth.epoch()));
          }))))
      .onComplete(ctx.succeeding(position -> ctx.completeNow()));
  }

  @Test
  void channelsAreNumberedIndependently(VertxTestContext ctx) {
    String other = uniqueChannel("conversation");
    inTurn(store, channel, KEEP, 3)
      .compose(appended -> inTurn(store, other, KEEP, 2))
      .onSuccess(appended -> ctx.verify(() -> assertEquals(List.of(1L, 2L), offsets(appended))))
      .compose(appended -> Future.all(store.position(channel), store.position(other)))
      .onComplete(ctx.succeeding(positions -> ctx.verify(() -> {
        assertEquals(3L, positions.<StreamPosition>resultAt(0).offset());
        assertEquals(2L, positions.<StreamPosition>resultAt(1).offset());
        ctx.completeNow();
      })));
  }

  @Test
  void afterAnOffsetReturnsExactlyTheLaterMessagesInOrder(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 5)
      .compose(appended -> store.after(channel, 2, appended.get(0).epoch(), 100, KEEP)
        .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
          assertTrue(read.recovered());
          assertEquals(List.of(3L, 4L, 5L), offsets(read.messages()));
          assertEquals(List.of("m3", "m4", "m5"), events(read.messages()));
          for (int i = 0; i < 3; i++) {
            assertEquals(appended.get(i + 2).publication(), read.messages().get(i).publication());
            assertEquals(appended.get(i + 2).epoch(), read.messages().get(i).epoch());
          }
          assertEquals(new StreamPosition(5, appended.get(0).epoch()), read.top());
          ctx.completeNow();
        }))));
  }

  @Test
  void afterTheTopIsRecoveredWithNothingToReplay(VertxTestContext ctx) {
    appendThenRead(3, 3)
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered(), "a client at the top missed nothing");
        assertTrue(read.messages().isEmpty());
        assertEquals(3L, read.top().offset());
        ctx.completeNow();
      })));
  }

  @Test
  void anOffsetBeyondTheTopIsNotRecovered(VertxTestContext ctx) {
    appendThenRead(3, 4)
      .onSuccess(read -> ctx.verify(() -> {
        assertFalse(read.recovered(), "an offset from the future");
        assertTrue(read.messages().isEmpty());
        assertEquals(3L, read.top().offset(), "the answer still says where the channel is");
      }))
      .compose(read -> store.after(channel, 1000, read.top().epoch(), 100, KEEP))
      .onSuccess(read -> ctx.verify(() -> assertFalse(read.recovered())))
      .compose(read -> store.after(channel, -1, read.top().epoch(), 100, KEEP))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertFalse(read.recovered(), "a negative offset");
        assertTrue(read.messages().isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void aDifferentEpochIsNotRecovered(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 3)
      .compose(appended -> store.after(channel, 1, "other-epoch", 100, KEEP)
        .onSuccess(read -> ctx.verify(() -> {
          assertFalse(read.recovered(), "offsets of another epoch mean nothing");
          assertTrue(read.messages().isEmpty());
          assertEquals(new StreamPosition(3, appended.get(0).epoch()), read.top());
        }))
        .compose(read -> store.after(channel, 3, "other-epoch", 100, KEEP)))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertFalse(read.recovered(), "even at the same offset as the top");
        ctx.completeNow();
      })));
  }

  @Test
  void noEpochAtOffsetZeroOnAFreshChannelIsRecovered(VertxTestContext ctx) {
    store.after(channel, 0, null, 100, KEEP)
      .onSuccess(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertTrue(read.messages().isEmpty());
        assertEquals(new StreamPosition(0, ""), read.top());
      }))
      .compose(read -> store.after(channel, 0, "", 100, KEEP))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertTrue(read.messages().isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void noEpochAtOffsetZeroRecoversEveryRetainedMessage(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 3)
      .compose(appended -> store.after(channel, 0, null, 100, KEEP))
      .onSuccess(read -> ctx.verify(() -> {
        assertTrue(read.recovered(), "a client that saw nothing yet gets everything from offset 1");
        assertEquals(List.of(1L, 2L, 3L), offsets(read.messages()));
      }))
      .compose(read -> store.after(channel, 0, "", 100, KEEP))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertEquals(List.of("m1", "m2", "m3"), events(read.messages()));
        ctx.completeNow();
      })));
  }

  @Test
  void aPositionOnAChannelWithoutMessagesIsNotRecovered(VertxTestContext ctx) {
    store.after(channel, 3, "some-epoch", 100, KEEP)
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertFalse(read.recovered(), "the stream this position belonged to is gone");
        assertTrue(read.messages().isEmpty());
        assertEquals(0L, read.top().offset());
        ctx.completeNow();
      })));
  }
}
