package dev.realtimehub.presence;

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

import static dev.realtimehub.support.ApiSupport.eventually;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link TypingStore} must do: report only changes, expire an unstopped start exactly once, and
 * stop what a closing connection started. The store is created with {@link #TIMEOUT_MS}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class TypingStoreContract {

  static final long TIMEOUT_MS = 300;

  /** Creates the store under test with a typing timeout of {@link #TIMEOUT_MS}. */
  protected abstract Future<TypingStore> create(Vertx vertx);

  protected Future<Void> destroy(TypingStore store) {
    return Future.succeededFuture();
  }

  private TypingStore store;
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
  void onlyChangesAreReported(VertxTestContext ctx) {
    store.start(channel, "alice", "c1")
      .onSuccess(first -> ctx.verify(() -> assertTrue(first, "a first start is a change")))
      .compose(v -> store.start(channel, "alice", "c1"))
      .onSuccess(again -> ctx.verify(() -> assertFalse(again, "a repeated start is not")))
      .compose(v -> store.stop(channel, "alice"))
      .onSuccess(stopped -> ctx.verify(() -> assertTrue(stopped)))
      .compose(v -> store.stop(channel, "alice"))
      .onComplete(ctx.succeeding(stoppedAgain -> ctx.verify(() -> {
        assertFalse(stoppedAgain, "stopping twice is not a change");
        ctx.completeNow();
      })));
  }

  @Test
  void anUnstoppedStartExpiresExactlyOnce(Vertx vertx, VertxTestContext ctx) {
    List<TypingTracker.Typist> expired = new ArrayList<>();
    store.start(channel, "bob", "c2")
      .compose(v -> eventually(vertx, 5000, () -> store.expire().map(found -> {
        found.stream().filter(t -> t.channel().equals(channel)).forEach(expired::add);
        return !expired.isEmpty();
      })))
      .compose(v -> store.expire())
      .onComplete(ctx.succeeding(later -> ctx.verify(() -> {
        assertEquals(1, expired.size(), expired.toString());
        assertEquals("bob", expired.get(0).userId());
        assertEquals("c2", expired.get(0).connection(), "the stop skips the connection that typed");
        assertTrue(later.stream().noneMatch(t -> t.channel().equals(channel)), "expired once only");
        ctx.completeNow();
      })));
  }

  @Test
  void aClosingConnectionStopsOnlyWhatItStarted(VertxTestContext ctx) {
    store.start(channel, "carol", "c3")
      .compose(v -> store.connectionLeft(channel, "carol", "another"))
      .onSuccess(other -> ctx.verify(() -> assertFalse(other, "another connection's close changes nothing")))
      .compose(v -> store.connectionLeft(channel, "carol", "c3"))
      .onSuccess(own -> ctx.verify(() -> assertTrue(own)))
      .compose(v -> store.start(channel, "carol", "c3"))
      .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
        assertTrue(again, "after the close carol was no longer typing");
        ctx.completeNow();
      })));
  }
}
