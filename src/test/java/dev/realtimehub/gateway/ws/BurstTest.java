package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads everything it is sent is never a slow consumer, even when one delivery pass writes it more
 * than ws.outbound_queue_bytes: the frames of a pass go out without a flush each, and only bytes still waiting once
 * they are flushed count against the client.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BurstTest {

  private static final int CHANNELS = 6;
  private static final String DATA = "x".repeat(2_000);

  private TestHub hub;
  private TestSocket socket;

  @BeforeEach
  void start(Vertx vertx) {
    // The smallest queue allowed: a pass of six 2 KB messages is three times as large. One event loop takes both
    // the publish and the connection, so every message is queued before the loop delivers any.
    hub = TestHub.start(vertx, Map.of("HUB_WS_OUTBOUND_QUEUE_BYTES", "4096", "HUB_GATEWAY_INSTANCES", "1")).await();
    socket = hub.connect(hub.token("reader")).await();
    socket.nextOfType("welcome").await();
    for (int i = 0; i < CHANNELS; i++) {
      socket.subscribe("public.burst" + i).await();
    }
  }

  @AfterEach
  void stop() {
    socket.close().otherwiseEmpty().await();
    hub.close().await();
  }

  @Test
  void aPassLargerThanTheOutboundQueueReachesAClientThatReads(VertxTestContext ctx) {
    JsonArray channels = new JsonArray();
    for (int i = 0; i < CHANNELS; i++) {
      channels.add("public.burst" + i);
    }
    // One request publishes to every channel before its event loop delivers: the messages meet in one pass.
    hub.publish(new JsonObject().put("channels", channels).put("event", "burst").put("data", DATA))
      .compose(response -> receivedUnlessClosed(CHANNELS))
      .compose(messages -> SemanticsSupport.scrape(hub).map(scrape -> {
        ctx.verify(() -> {
          assertEquals(CHANNELS, messages.size());
          messages.forEach(message -> assertEquals(DATA, message.getString("data")));
          double slow = ApiSupport.metric(scrape, "hub_messages_dropped_total{reason=\"slow_consumer\"}");
          assertTrue(Double.isNaN(slow) || slow == 0, "slow_consumer drops: " + slow);
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private Future<List<JsonObject>> receivedUnlessClosed(int count) {
    Promise<List<JsonObject>> outcome = Promise.promise();
    received(count).onComplete(outcome);
    socket.closed().onSuccess(code -> outcome.tryFail("the hub closed the connection with " + code));
    return outcome.future();
  }

  private Future<List<JsonObject>> received(int count) {
    List<JsonObject> messages = new ArrayList<>();
    Future<List<JsonObject>> next = Future.succeededFuture(messages);
    for (int i = 0; i < count; i++) {
      next = next.compose(list -> socket.nextOfType("message").map(message -> {
        list.add(message);
        return list;
      }));
    }
    return next;
  }
}
