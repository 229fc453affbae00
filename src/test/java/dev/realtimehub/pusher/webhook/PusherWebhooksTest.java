package dev.realtimehub.pusher.webhook;

import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import dev.realtimehub.support.WebhookReceiver;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks sent to a real HTTP receiver: signature, events, batching, the vacate delay and retries. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PusherWebhooksTest {

  static final String KEY = "hook-key";
  static final String SECRET = "hook-secret-0123456789";

  private WebhookReceiver receiver;
  private TestHub hub;

  private void start(Vertx vertx, String... settings) {
    receiver = new WebhookReceiver(KEY, SECRET).start(vertx).await();
    Map<String, String> env = new HashMap<>(Map.of("HUB_APP_ID", "77", "HUB_APP_KEY", KEY, "HUB_APP_SECRET", SECRET,
      "HUB_APP_WEBHOOK_URL", receiver.url(), "HUB_PUSHER_WEBHOOK_BATCH_MS", "20",
      "HUB_PUSHER_WEBHOOK_VACATE_DELAY_MS", "300"));
    for (int i = 0; i + 1 < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    hub = TestHub.start(vertx, env).await();
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close().await();
    }
    if (receiver != null) {
      receiver.close().await();
    }
  }

  private Future<TestSocket> subscribed(String user, String channel) {
    String token = user == null ? null : hub.token(user, new JsonObject().put("teams", new JsonArray().add(7)));
    return hub.connect(token).compose(socket -> socket.subscribe(channel)
      .compose(reply -> "subscribed".equals(reply.getString("type")) ? Future.succeededFuture(socket)
        : Future.failedFuture("refused: " + reply.encode())));
  }

  private static JsonObject channelEvent(String name, String channel) {
    return new JsonObject().put("name", name).put("channel", channel);
  }

  @Test
  void occupiedAndVacatedAreSignedWithTheAppsSecret(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    subscribed(null, "public.a")
      .compose(socket -> receiver.next().compose(occupied -> socket.close()
        .compose(v -> receiver.next()).map(vacated -> List.of(occupied, vacated))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of(channelEvent("channel_occupied", "public.a"), channelEvent("channel_vacated",
          "public.a")), events);
        WebhookReceiver.Delivery first = receiver.deliveries().get(0);
        assertTrue(first.signatureValid(), "signature");
        assertEquals(KEY, first.key());
        assertEquals("application/json", first.contentType());
        assertTrue(first.body().getLong("time_ms") > 0);
        ctx.completeNow();
      })));
  }

  @Test
  void aChannelOccupiedAgainWithinTheDelayIsNeverVacated(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "HUB_PUSHER_WEBHOOK_VACATE_DELAY_MS", "1500");
    TestSocket first = subscribed(null, "public.a").await();
    receiver.next().await();
    // The vacate of public.a would be due before that of public.marker, which starts its delay later.
    first.close()
      .compose(v -> subscribed(null, "public.a"))
      .compose(again -> subscribed(null, "public.marker"))
      .compose(marker -> receiver.next().compose(occupied -> marker.close().map(occupied)))
      .compose(occupied -> receiver.next().map(vacated -> List.of(occupied, vacated)))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of(channelEvent("channel_occupied", "public.marker"),
          channelEvent("channel_vacated", "public.marker")), events);
        ctx.completeNow();
      })));
  }

  @Test
  void membersAreAnnouncedOncePerUserUnderThePresenceName(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    TestSocket tab1 = subscribed("u1", "team.7").await();
    TestSocket tab2 = subscribed("u1", "team.7").await();
    receiver.next(e -> e.getString("name").startsWith("member"))
      .compose(added -> tab1.close().compose(v -> tab2.close()).map(added))
      .compose(added -> receiver.next(e -> e.getString("name").startsWith("member"))
        .map(removed -> List.of(added, removed)))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of(channelEvent("member_added", "presence-team.7").put("user_id", "u1"),
          channelEvent("member_removed", "presence-team.7").put("user_id", "u1")), events);
        ctx.completeNow();
      })));
  }

  @Test
  void aMemberBackWithinTheDelayIsNeitherRemovedNorAddedAgain(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "HUB_PUSHER_WEBHOOK_VACATE_DELAY_MS", "1500");
    TestSocket tab = subscribed("u1", "team.7").await();
    receiver.next(e -> e.getString("name").equals("member_added")).await();
    tab.close()
      .compose(v -> subscribed("u1", "team.7"))
      .compose(back -> subscribed("u2", "team.7"))
      .compose(u2 -> receiver.next(e -> e.getString("name").startsWith("member")).compose(added -> u2.close()
        .compose(v -> receiver.next(e -> e.getString("name").startsWith("member")))
        .map(removed -> List.of(added, removed))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of(channelEvent("member_added", "presence-team.7").put("user_id", "u2"),
          channelEvent("member_removed", "presence-team.7").put("user_id", "u2")), events);
        ctx.completeNow();
      })));
  }

  @Test
  void eventsAreBatchedUpToTheBatchSize(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "HUB_PUSHER_WEBHOOK_BATCH_MS", "60000", "HUB_PUSHER_WEBHOOK_MAX_BATCH", "3");
    subscribed(null, "public.b1")
      .compose(v -> subscribed(null, "public.b2"))
      .compose(v -> subscribed(null, "public.b3"))
      .compose(v -> receiver.next().compose(a -> receiver.next()).compose(b -> receiver.next()))
      .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
        assertEquals(1, receiver.deliveries().size());
        assertEquals(3, receiver.deliveries().get(0).body().getJsonArray("events").size());
        ctx.completeNow();
      })));
  }

  @Test
  void aFailingReceiverGetsTheSameBatchAgainUntilItAccepts(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    receiver.answer(500, 503);
    subscribed(null, "public.retry")
      .compose(socket -> receiver.next())
      .compose(event -> hub.request("GET", "/metrics", null, null).map(metrics -> {
        ctx.verify(() -> {
          assertEquals(channelEvent("channel_occupied", "public.retry"), event);
          List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
          assertEquals(List.of(500, 503, 200), deliveries.stream().map(WebhookReceiver.Delivery::status).toList());
          assertEquals(1, deliveries.stream().map(WebhookReceiver.Delivery::body).distinct().count());
          String scrape = metrics.body().toString();
          assertEquals(2.0, ApiSupport.metric(scrape, "hub_pusher_webhook_retries_total"));
          assertEquals(2.0, ApiSupport.metric(scrape, "hub_pusher_webhook_requests_total{outcome=\"failed\"}"));
          assertEquals(1.0, ApiSupport.metric(scrape, "hub_pusher_webhook_requests_total{outcome=\"delivered\"}"));
        });
        return event;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void whileTheReceiverIsDownTheOldestEventsBeyondTheQueueAreDropped(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "HUB_PUSHER_WEBHOOK_MAX_BATCH", "1", "HUB_PUSHER_WEBHOOK_MAX_QUEUE", "2");
    receiver.hold();
    subscribed(null, "public.q0").await();
    ApiSupport.eventually(vertx, 10_000, () -> Future.succeededFuture(receiver.heldCount() == 1)).await();
    // The first event is in flight (its receiver not answering): the next five wait in a queue of two.
    for (int i = 1; i <= 5; i++) {
      subscribed(null, "public.q" + i).await();
    }
    ApiSupport.eventually(vertx, 10_000, () -> hub.request("GET", "/metrics", null, null)
        .map(r -> ApiSupport.metric(r.body().toString(),
          "hub_pusher_webhook_events_total{outcome=\"dropped_queue_full\"}") == 3.0))
      .compose(v -> {
        receiver.release();
        return receiver.next();
      })
      .compose(q0 -> receiver.next().compose(a -> receiver.next().map(b -> List.of(q0, a, b))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of("public.q0", "public.q4", "public.q5"), events.stream()
          .map(e -> e.getString("channel")).toList());
        ctx.completeNow();
      })));
  }

  @Test
  void aBatchStillFailingWhenTheRetryPeriodEndsIsDroppedAndTheNextOneSent(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "HUB_PUSHER_WEBHOOK_RETRY_SECONDS", "0");
    receiver.answer(500);
    subscribed(null, "public.lost")
      .compose(v -> ApiSupport.eventually(vertx, 10_000, () -> hub.request("GET", "/metrics", null, null)
        .map(r -> ApiSupport.metric(r.body().toString(),
          "hub_pusher_webhook_events_total{outcome=\"dropped_expired\"}") == 1.0)))
      .compose(v -> subscribed(null, "public.next"))
      .compose(v -> receiver.next())
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals(channelEvent("channel_occupied", "public.next"), event);
        assertEquals(List.of(500, 200), receiver.deliveries().stream().map(WebhookReceiver.Delivery::status)
          .toList());
        ctx.completeNow();
      })));
  }

  @Test
  void clientEventsAndCacheMissesGoToTheConnectionsApp(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    PusherApp app = hub.verticle().services().pusherApps().byKey(KEY);
    hub.verticle().services().pusherActivity().clientEvent(app, "presence-team.7", "client-typing", "{\"a\":1}",
      "1.2", "u1");
    hub.verticle().services().pusherActivity().cacheMiss(app, "cache-public.c");
    receiver.next()
      .compose(first -> receiver.next().map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of(new JsonObject().put("name", "client_event").put("channel", "presence-team.7")
            .put("event", "client-typing").put("data", "{\"a\":1}").put("socket_id", "1.2").put("user_id", "u1"),
          channelEvent("cache_miss", "cache-public.c")), events);
        ctx.completeNow();
      })));
  }
}
