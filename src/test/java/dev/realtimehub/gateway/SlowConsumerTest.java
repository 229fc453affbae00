package dev.realtimehub.gateway;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One subscriber of {@code public.big} stops reading while 3 000 messages of 8 KB are published: the hub closes
 * it with 4508 once its outbound queue (ws.outbound_queue_bytes, 1 MiB) is full, and the other subscriber
 * receives every message in order. Raw WebSockets keep the 24 MB stream out of the test's memory.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SlowConsumerTest {

  private static final String CHANNEL = "public.big";
  private static final int MESSAGES = 3_000;
  private static final int PER_BATCH = 50;
  private static final String PAD = "x".repeat(8 * 1024);

  private TestHub hub;
  private WebSocket fast;
  private WebSocket slow;
  private final Promise<Void> fastGotAll = Promise.promise();
  private long fastExpected = 1;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    fast = subscribed().await();
    slow = subscribed().await();
    fast.textMessageHandler(this::onFastFrame);
    slow.textMessageHandler(text -> { });
    slow.pause();
  }

  @AfterEach
  void stop() {
    fast.close().otherwiseEmpty().await();
    slow.close().otherwiseEmpty().await();
    hub.close().await();
  }

  /** A raw connection subscribed to the channel (its {@code subscribed} reply read). */
  private Future<WebSocket> subscribed() {
    return hub.wsClient().connect("/ws").compose(ws -> {
      Promise<WebSocket> done = Promise.promise();
      ws.textMessageHandler(text -> {
        if ("subscribed".equals(new JsonObject(text).getString("type"))) {
          done.tryComplete(ws);
        }
      });
      return ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", CHANNEL).encode())
        .compose(v -> done.future());
    });
  }

  private void onFastFrame(String text) {
    JsonObject frame = new JsonObject(text);
    if (!"message".equals(frame.getString("type"))) {
      return;
    }
    long offset = frame.getLong("offset");
    if (offset != fastExpected) {
      fastGotAll.tryFail("the fast subscriber got offset " + offset + ", expected " + fastExpected);
      return;
    }
    fastExpected++;
    if (offset == MESSAGES) {
      fastGotAll.tryComplete();
    }
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS) // 24 MB through the HTTP API on a shared 2-core machine
  void aClientThatStopsReadingIsClosedWith4508WhileTheOtherGetsEverything(Vertx vertx, VertxTestContext ctx) {
    Promise<Short> slowClosed = Promise.promise();
    slow.closeHandler(v -> slowClosed.tryComplete(slow.closeStatusCode() == null ? 1006 : slow.closeStatusCode()));
    SemanticsSupport.publishNumbered(hub, CHANNEL, 0, MESSAGES, PER_BATCH, PAD)
      .compose(v -> fastGotAll.future())
      .compose(v -> ApiSupport.eventually(vertx, 5000, () -> ApiSupport.subscribers(hub, CHANNEL).map(n -> n == 1)))
      .compose(v -> {
        slow.resume();
        return slowClosed.future();
      })
      .onSuccess(code -> ctx.verify(() -> assertEquals((short) 4508, code,
        "after resuming, the paused client reads its queued frames, then the hub's close frame")))
      .compose(v -> SemanticsSupport.scrape(hub))
      .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
        double dropped = ApiSupport.metric(text, "hub_messages_dropped_total{reason=\"slow_consumer\"}");
        assertTrue(dropped >= 1, "slow_consumer drops: " + dropped);
        assertEquals(1.0, ApiSupport.metric(text, "hub_disconnects_total{code=\"4508\"}"));
        assertEquals(1.0, ApiSupport.metric(text, "hub_connections{protocol=\"ws\"}"), "only the fast client");
        ctx.completeNow();
      })));
  }
}
