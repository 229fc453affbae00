package dev.realtimehub.api;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debounced publishing on {@code kpi.{id}} (debounce_ms 250) as a subscriber and the API see it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DebounceTest {

  private static final String CHANNEL = "kpi.sales_volume.team.7";

  private TestHub hub;
  private TestSocket client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  /** A hub and a subscriber with the {@code kpi.read} permission. */
  private void start(Vertx vertx, Map<String, String> env) {
    hub = TestHub.start(vertx, env).await();
    client = hub.connect(hub.token("viewer", new JsonObject().put("permissions", new JsonArray().add("kpi.read"))))
      .await();
    client.subscribe(CHANNEL).await();
  }

  private static JsonObject update(int value, String key) {
    JsonObject message = new JsonObject().put("channel", CHANNEL).put("event", "kpi.updated")
      .put("data", new JsonObject().put("value", value));
    return key == null ? message : message.put("key", key);
  }

  private static Integer value(JsonObject frame) {
    return frame.getJsonObject("data").getInteger("value");
  }

  private Future<Long> publishedOffset() {
    return SemanticsSupport.get(hub, "/api/channels/" + CHANNEL + "/history?limit=1")
      .map(response -> response.json().getLong("offset"));
  }

  @Test
  void aBurstDeliversOnlyTheLatestValueAndCountsTheCoalescedOnes(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    JsonArray burst = new JsonArray();
    for (int i = 1; i <= 20; i++) {
      burst.add(update(i, null));
    }
    SemanticsSupport.publishBatch(hub, burst)
      .onSuccess(body -> ctx.verify(() -> {
        assertEquals(20, body.getInteger("accepted"), body.encode());
        JsonObject first = body.getJsonArray("results").getJsonObject(0).getJsonArray("published").getJsonObject(0);
        assertEquals(new JsonObject().put("channel", CHANNEL).put("debounced", true), first);
      }))
      .compose(v -> SemanticsSupport.until(client, frame -> "message".equals(frame.getString("type"))
        && value(frame) == 20))
      .onSuccess(frames -> ctx.verify(() -> {
        List<JsonObject> messages = frames.stream().filter(f -> "message".equals(f.getString("type"))).toList();
        assertTrue(messages.size() < 20, "nothing was coalesced: " + messages.size());
        assertEquals(20, value(messages.get(messages.size() - 1)));
      }))
      .compose(v -> publishedOffset())
      .onSuccess(offset -> ctx.verify(() -> assertEquals(1L, offset, "messages published to the channel")))
      .compose(v -> ApiSupport.eventually(vertx, 5000, () -> SemanticsSupport.scrape(hub)
        .map(text -> ApiSupport.metric(text, "hub_messages_coalesced_total") == 19.0)))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void theSingleMessageApiAnswersDebounced(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    hub.publish(update(1, null))
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonArray().add(new JsonObject().put("channel", CHANNEL).put("debounced", true)),
          response.json().getJsonArray("published"));
      }))
      .compose(v -> client.nextOfType("message"))
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals(1, value(frame));
        assertEquals("kpi.updated", frame.getString("event"));
        assertEquals(1L, frame.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void differentKeysAndEventNamesCoalesceIndependently(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    JsonArray burst = new JsonArray();
    for (int i = 1; i <= 10; i++) {
      burst.add(update(i, "north")).add(update(100 + i, "south"))
        .add(update(200 + i, null).put("event", "kpi.target"));
    }
    SemanticsSupport.publishBatch(hub, burst)
      .compose(v -> client.nextOfType("message"))
      .compose(first -> client.nextOfType("message").map(second -> List.of(first, second)))
      .compose(two -> client.nextOfType("message").map(third -> List.of(two.get(0), two.get(1), third)))
      .onSuccess(three -> ctx.verify(() -> {
        Set<Integer> values = three.stream().map(DebounceTest::value).collect(Collectors.toSet());
        assertEquals(Set.of(10, 110, 210), values, "the latest value of each key");
      }))
      .compose(v -> publishedOffset())
      .onComplete(ctx.succeeding(offset -> ctx.verify(() -> {
        assertEquals(3L, offset, "one message per key");
        ctx.completeNow();
      })));
  }

  @Test
  void aSteadyStreamStillFlowsOnceTheMaximumWaitIsReached(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("HUB_NOTIFY_DEBOUNCE_MAX_WAIT_MS", "300"));
    int total = 30;
    publishEvery50Ms(vertx, 1, total)
      .compose(v -> SemanticsSupport.until(client, frame -> "message".equals(frame.getString("type"))
        && value(frame) == total))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        List<Integer> values = frames.stream().filter(f -> "message".equals(f.getString("type")))
          .map(DebounceTest::value).toList();
        assertTrue(values.size() >= 3, "a steady stream must flush at the maximum wait: " + values);
        assertTrue(values.size() < total, "nothing was coalesced: " + values);
        assertEquals(values.stream().sorted().toList(), values, "values out of order: " + values);
        ctx.completeNow();
      })));
  }

  /** Publishes values {@code from..to}, one every 50 ms (each after the previous one was accepted). */
  private Future<Void> publishEvery50Ms(Vertx vertx, int from, int to) {
    return hub.publish(update(from, null)).compose(response -> {
      if (from == to) {
        return Future.succeededFuture();
      }
      return vertx.timer(50, TimeUnit.MILLISECONDS).compose(v -> publishEvery50Ms(vertx, from + 1, to));
    });
  }
}
