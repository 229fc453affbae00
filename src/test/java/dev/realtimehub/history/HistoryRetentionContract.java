package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.history.Appends.events;
import static dev.realtimehub.history.Appends.inTurn;
import static dev.realtimehub.history.Appends.offsets;
import static dev.realtimehub.support.ApiSupport.eventually;
import static dev.realtimehub.support.ContractSupport.assertOneTo;
import static dev.realtimehub.support.ContractSupport.race;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link HistoryStore} must keep: at most the policy's size, for at most its TTL, read back
 * newest-first or capped by a limit, and atomically under racing writers. The suite uses only the SPI and
 * its futures, and a fresh channel per test, so it runs unchanged against a shared store.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class HistoryRetentionContract {

  private static final HistoryPolicy KEEP = new HistoryPolicy(100, 300);
  private static final long EXPIRY_WAIT_MS = 6000;

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

  @Test
  void sizeTrimmingKeepsOnlyTheNewestMessages(VertxTestContext ctx) {
    HistoryPolicy lastThree = new HistoryPolicy(3, 300);
    inTurn(store, channel, lastThree, 5)
      .map(appended -> appended.get(0).epoch())
      .compose(epoch -> store.after(channel, 0, null, 100, lastThree)
        .onSuccess(read -> ctx.verify(() -> {
          assertFalse(read.recovered(), "messages 1 and 2 were trimmed");
          assertTrue(read.messages().isEmpty(), "never a partial replay");
        }))
        .compose(read -> store.after(channel, 1, epoch, 100, lastThree))
        .onSuccess(read -> ctx.verify(() -> assertFalse(read.recovered(), "message 2 was trimmed")))
        .compose(read -> store.after(channel, 2, epoch, 100, lastThree)))
      .onSuccess(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertEquals(List.of(3L, 4L, 5L), offsets(read.messages()));
      }))
      .compose(read -> store.latest(channel, 10, lastThree))
      .onComplete(ctx.succeeding(latest -> ctx.verify(() -> {
        assertEquals(List.of("m3", "m4", "m5"), events(latest));
        ctx.completeNow();
      })));
  }

  @Test
  void expiredMessagesAreNotRecoverableButThePositionStays(Vertx vertx, VertxTestContext ctx) {
    HistoryPolicy oneSecond = new HistoryPolicy(100, 1);
    inTurn(store, channel, oneSecond, 2)
      .map(appended -> appended.get(0).epoch())
      .compose(epoch -> eventually(vertx, EXPIRY_WAIT_MS, () -> store.after(channel, 0, null, 100, oneSecond)
          .map(read -> !read.recovered()))
        .compose(v -> eventually(vertx, EXPIRY_WAIT_MS, () -> store.latest(channel, 10, oneSecond)
          .map(List::isEmpty)))
        .compose(v -> store.position(channel))
        .onSuccess(position -> ctx.verify(() -> assertEquals(new StreamPosition(2, epoch), position,
          "expiry drops messages, not the channel's position")))
        .compose(position -> store.after(channel, 2, epoch, 100, oneSecond))
        .onSuccess(read -> ctx.verify(() -> assertTrue(read.recovered(), "a client at the top missed nothing")))
        .compose(read -> store.append(Appends.publication(channel, "m3", System.currentTimeMillis()), oneSecond))
        .onSuccess(third -> ctx.verify(() -> assertEquals(new StreamPosition(3, epoch),
          new StreamPosition(third.offset(), third.epoch()), "numbering goes on after expiry")))
        .compose(third -> store.after(channel, 2, epoch, 100, oneSecond)))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertEquals(List.of("m3"), events(read.messages()));
        ctx.completeNow();
      })));
  }

  @Test
  void latestGivesTheNewestMessagesOldestFirst(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 5)
      .compose(appended -> store.latest(channel, 3, KEEP))
      .onSuccess(latest -> ctx.verify(() -> {
        assertEquals(List.of("m3", "m4", "m5"), events(latest));
        assertEquals(List.of(3L, 4L, 5L), offsets(latest));
      }))
      .compose(latest -> store.latest(channel, 10, KEEP))
      .onSuccess(latest -> ctx.verify(() -> assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(latest))))
      .compose(latest -> store.latest(uniqueChannel("conversation"), 10, KEEP))
      .onComplete(ctx.succeeding(latest -> ctx.verify(() -> {
        assertTrue(latest.isEmpty(), "an unknown channel has no messages");
        ctx.completeNow();
      })));
  }

  @Test
  void limitCapsAReplayToTheOldestMissedMessages(VertxTestContext ctx) {
    inTurn(store, channel, KEEP, 5)
      .map(appended -> appended.get(0).epoch())
      .compose(epoch -> store.after(channel, 0, null, 2, KEEP)
        .onSuccess(read -> ctx.verify(() -> {
          assertTrue(read.recovered());
          assertEquals(List.of(1L, 2L), offsets(read.messages()));
          assertEquals(new StreamPosition(5, epoch), read.top(), "the top says more is there");
        }))
        .compose(read -> store.after(channel, 2, epoch, 2, KEEP)))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertEquals(List.of(3L, 4L), offsets(read.messages()), "the next page");
        ctx.completeNow();
      })));
  }

  @Test
  void sizeZeroPolicyKeepsNothing(VertxTestContext ctx) {
    HistoryPolicy none = new HistoryPolicy(0, 300);
    inTurn(store, channel, none, 3)
      .onSuccess(appended -> ctx.verify(() -> assertEquals(List.of(1L, 2L, 3L), offsets(appended))))
      .map(appended -> appended.get(0).epoch())
      .compose(epoch -> store.after(channel, 2, epoch, 100, none)
        .onSuccess(read -> ctx.verify(() -> assertFalse(read.recovered(), "message 3 was not kept")))
        .compose(read -> store.after(channel, 0, null, 100, none))
        .onSuccess(read -> ctx.verify(() -> assertFalse(read.recovered(), "nothing was kept")))
        .compose(read -> store.latest(channel, 10, none))
        .onSuccess(latest -> ctx.verify(() -> assertTrue(latest.isEmpty())))
        .compose(latest -> store.position(channel))
        .onSuccess(position -> ctx.verify(() -> assertEquals(new StreamPosition(3, epoch), position)))
        .compose(position -> store.after(channel, 3, epoch, 100, none)))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered(), "a client at the top missed nothing");
        assertTrue(read.messages().isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void racingAppendsGetEveryOffsetOnceAndAreKeptInOffsetOrder(Vertx vertx, VertxTestContext ctx) {
    HistoryPolicy keepAll = new HistoryPolicy(1000, 300);
    race(vertx, 4, 250, (lane, i) -> store.append(Appends.publication(channel, lane + "-" + i,
      System.currentTimeMillis()), keepAll))
      .onSuccess(appended -> ctx.verify(() -> {
        List<Long> sorted = new ArrayList<>(offsets(appended));
        sorted.sort(null);
        assertOneTo(1000, sorted, "each append got its own offset, without gaps");
      }))
      .compose(appended -> store.after(channel, 0, null, 1000, keepAll)
        .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
          assertTrue(read.recovered());
          assertOneTo(1000, offsets(read.messages()), "kept in offset order");
          for (Message message : appended) {
            Message kept = read.messages().get((int) message.offset() - 1);
            assertEquals(message.publication().event(), kept.publication().event(),
              "the message kept at offset " + message.offset() + " is the one appended there");
          }
          ctx.completeNow();
        }))));
  }
}
