package dev.realtimehub.gateway.sse;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.OnVertx;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
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
 * Two event streams of {@code public.big}; one stops reading while 3 000 events of 8 KB are published. The hub
 * ends the slow one with a {@code close} event of code 4508 once its outbound queue (ws.outbound_queue_bytes) is
 * full, and the other receives every event, in order.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SseSlowReaderTest {

  private static final String CHANNEL = "public.big";
  private static final int MESSAGES = 3_000;
  private static final int PER_BATCH = 50;
  private static final String PAD = "x".repeat(8 * 1024);

  private TestHub hub;
  private HttpClientResponse fast;
  private HttpClientResponse slow;
  private final Promise<Void> fastGotAll = Promise.promise();
  private final StringBuilder fastTail = new StringBuilder();
  private int fastNext;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    fast = open(vertx, 1).await();
    slow = open(vertx, 2).await();
    fast.handler(this::onFast);
    fast.resume();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  /** An open stream, paused until the test reads it, once the hub counts its subscriber. */
  private Future<HttpClientResponse> open(Vertx vertx, int subscribers) {
    return OnVertx.call(vertx, () -> hub.http().request(HttpMethod.GET, "/sse?channels=" + CHANNEL)
      .compose(request -> request.send())
      .compose(response -> {
        response.pause();
        return response.statusCode() == 200 ? Future.succeededFuture(response)
          : Future.failedFuture("SSE answered " + response.statusCode());
      }))
      .compose(response -> ApiSupport.eventually(vertx, 5000,
          () -> ApiSupport.subscribers(hub, CHANNEL).map(n -> n == subscribers))
        .map(response));
  }

  /** Checks the message numbers in order; keeps only the unparsed tail of the stream. */
  private void onFast(Buffer chunk) {
    fastTail.append(chunk.toString());
    int end;
    while ((end = fastTail.indexOf("\n\n")) >= 0) {
      String event = fastTail.substring(0, end);
      fastTail.delete(0, end + 2);
      int at = event.indexOf("\"i\":");
      if (at < 0) {
        continue;
      }
      int i = Integer.parseInt(event.substring(at + 4, event.indexOf(',', at)));
      if (i != fastNext) {
        fastGotAll.tryFail("the fast stream got message " + i + ", expected " + fastNext);
        return;
      }
      if (++fastNext == MESSAGES) {
        fastGotAll.tryComplete();
      }
    }
  }

  @Test
  void aStreamThatStopsReadingIsEndedWith4508WhileTheOtherGetsEverything(Vertx vertx, VertxTestContext ctx) {
    Promise<String> slowEnded = Promise.promise();
    StringBuilder slowLast = new StringBuilder();
    slow.handler(chunk -> {
      slowLast.append(chunk.toString());
      if (slowLast.length() > 4096) {
        slowLast.delete(0, slowLast.length() - 4096);
      }
    });
    slow.endHandler(v -> slowEnded.tryComplete(slowLast.toString()));
    SemanticsSupport.publishNumbered(hub, CHANNEL, 0, MESSAGES, PER_BATCH, PAD)
      .compose(v -> fastGotAll.future())
      .compose(v -> ApiSupport.eventually(vertx, 5000, () -> ApiSupport.subscribers(hub, CHANNEL).map(n -> n == 1)))
      .compose(v -> {
        slow.resume();
        return slowEnded.future();
      })
      .onSuccess(last -> ctx.verify(() -> assertTrue(last.contains("event: close") && last.contains("\"code\":4508"),
        "after resuming, the paused stream reads its queued events, then the close event: " + last)))
      .compose(v -> SemanticsSupport.scrape(hub))
      .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
        assertEquals(1.0, ApiSupport.metric(text, "hub_disconnects_total{code=\"4508\"}"));
        assertEquals(1.0, ApiSupport.metric(text, "hub_connections{protocol=\"sse\"}"), "only the fast stream");
        ctx.completeNow();
      })));
  }
}
