package dev.realtimehub.pusher.ws;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Pusher client that stops reading is closed like a native slow consumer, with the Pusher code that makes
 * pusher-js reconnect after a back-off (4100) instead of the native 4508. A raw WebSocket keeps the stream out of
 * the test's memory.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS) // megabytes through the HTTP API on a shared 2-core machine
class PusherSlowConsumerTest {

  private static final String CHANNEL = "public.big";
  private static final int MAX_MESSAGES = 4_000;
  private static final int PER_BATCH = 50;
  private static final String PAD = "x".repeat(8 * 1024);

  private TestHub hub;
  private WebSocket slow;

  @AfterEach
  void stop() {
    if (slow != null) {
      slow.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  @Test
  void pausedClientIsClosedWith4100(Vertx vertx) {
    hub = TestHub.start(vertx, PusherSupport.env(Map.of())).await();
    slow = hub.wsClient().connect("/app/" + PusherSupport.KEY + "?protocol=7").await();
    Promise<Void> subscribed = Promise.promise();
    slow.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if ("pusher:connection_established".equals(frame.getString("event"))) {
        slow.writeTextMessage(new JsonObject().put("event", "pusher:subscribe")
          .put("data", new JsonObject().put("channel", CHANNEL)).encode());
      } else if ("pusher_internal:subscription_succeeded".equals(frame.getString("event"))) {
        subscribed.tryComplete();
      }
    });
    subscribed.future().await();
    Promise<Short> closed = Promise.promise();
    slow.closeHandler(v -> closed.tryComplete(slow.closeStatusCode() == null ? 1006 : slow.closeStatusCode()));
    slow.textMessageHandler(text -> { });
    slow.pause();
    publishUntilDropped(0).await();
    slow.resume();
    assertEquals((short) 4100, closed.future().await());
  }

  private boolean dropped() {
    Counter counter = hub.registry().find("hub_disconnects_total").tag("code", "4508").counter();
    return counter != null && counter.count() >= 1;
  }

  private Future<Void> publishUntilDropped(int first) {
    if (dropped()) {
      return Future.succeededFuture();
    }
    if (first >= MAX_MESSAGES) {
      return Future.failedFuture("the paused client was not closed after " + MAX_MESSAGES + " messages of 8 KB");
    }
    JsonArray batch = new JsonArray();
    for (int i = first; i < first + PER_BATCH; i++) {
      batch.add(new JsonObject().put("channel", CHANNEL).put("event", "big")
        .put("data", new JsonObject().put("i", i).put("pad", PAD)));
    }
    return SemanticsSupport.publishBatch(hub, batch).compose(body -> publishUntilDropped(first + PER_BATCH));
  }
}
