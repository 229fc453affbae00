package dev.realtimehub.pusher.api;

import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.pusher.api.PusherApiFixture.event;
import static dev.realtimehub.pusher.api.PusherApiFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST events and batch_events, signed as the SDKs sign them, received by native subscribers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherEventsApiTest {

  @TempDir
  Path dir;
  private PusherApiFixture pusher;

  @BeforeEach
  void start(Vertx vertx) {
    pusher = PusherApiFixture.start(vertx, dir, Map.of()).await();
  }

  @AfterEach
  void stop() {
    pusher.hub.close().await();
  }

  private static Future<JsonObject> nextMessage(TestSocket socket) {
    return socket.nextOfType("message");
  }

  @Test
  void eventReachesNativeSubscribersWithItsNameAndDataStringUnchanged(VertxTestContext ctx) {
    String data = "{\"some\":\"data\",\"n\":1}";
    pusher.connect(null)
      .compose(socket -> subscribe(socket, "public.news"))
      .compose(socket -> pusher.rest.post("/events", event("App\\Events\\NewsPosted", data, "public.news"))
        .compose(response -> {
          ctx.verify(() -> {
            assertEquals(200, response.status(), response.body().toString());
            assertEquals(new JsonObject(), response.json());
          });
          return nextMessage(socket);
        }))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("public.news", message.getString("channel"));
        assertEquals("App\\Events\\NewsPosted", message.getString("event"));
        assertEquals(data, message.getValue("data"));
        ctx.completeNow();
      })));
  }

  @Test
  void everyPusherNameOfAHubChannelReachesItsSubscribersOnce(VertxTestContext ctx) {
    pusher.connect("u1")
      .compose(socket -> subscribe(socket, "team.7"))
      .compose(socket -> pusher.rest.post("/events", event("first", "1", "presence-team.7", "private-team.7",
          "team.7"))
        .compose(response -> pusher.rest.post("/events", event("second", "2", "private-team.7")))
        .compose(response -> nextMessage(socket))
        .compose(first -> nextMessage(socket).map(second -> new JsonArray().add(first.getString("event"))
          .add(second.getString("event")))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(new JsonArray().add("first").add("second"), events);
        ctx.completeNow();
      })));
  }

  @Test
  void theConnectionNamedBySocketIdDoesNotReceiveTheEvent(VertxTestContext ctx) {
    PusherApiFixture.Connected sender = pusher.connectWithId(null).await();
    subscribe(sender.socket(), "public.chat").await();
    TestSocket other = pusher.connect(null).compose(s -> subscribe(s, "public.chat")).await();
    pusher.rest.post("/events", event("excluded", "x", "public.chat").put("socket_id", sender.session()))
      .compose(response -> pusher.rest.post("/events", event("everyone", "y", "public.chat")))
      .compose(response -> nextMessage(sender.socket()).compose(toSender -> nextMessage(other)
        .compose(first -> nextMessage(other).map(second -> new JsonArray().add(toSender.getString("event"))
          .add(first.getString("event")).add(second.getString("event"))))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(new JsonArray().add("everyone").add("excluded").add("everyone"), events);
        ctx.completeNow();
      })));
  }

  @Test
  void infoReportsUserAndSubscriptionCountsOfEachChannelAsNamed(VertxTestContext ctx) {
    pusher.connect("u1").compose(s -> subscribe(s, "team.7"))
      .compose(v -> pusher.connect("u2")).compose(s -> subscribe(s, "team.7"))
      .compose(v -> pusher.connect("u2")).compose(s -> subscribe(s, "team.7"))
      .compose(v -> pusher.connect(null)).compose(s -> subscribe(s, "public.x"))
      .compose(v -> pusher.rest.post("/events", event("e", "d", "presence-team.7", "public.x")
        .put("info", "user_count,subscription_count")))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonObject()
          .put("presence-team.7", new JsonObject().put("user_count", 2).put("subscription_count", 3))
          .put("public.x", new JsonObject().put("subscription_count", 1)),
          response.json().getJsonObject("channels"));
        ctx.completeNow();
      })));
  }

  @Test
  void batchPublishesEveryEventAndAnswersInfoIndexAligned(VertxTestContext ctx) {
    TestSocket socket = pusher.connect("u1").compose(s -> subscribe(s, "team.7")).await();
    subscribe(socket, "public.y").await();
    JsonObject batch = new JsonObject().put("batch", new JsonArray()
      .add(event("one", "1", "public.y").put("info", "subscription_count"))
      .add(event("two", "2", "private-team.7"))
      .add(event("three", "3", "presence-team.7").put("info", "user_count")));
    pusher.rest.post("/batch_events", batch)
      .compose(response -> {
        ctx.verify(() -> {
          assertEquals(200, response.status(), response.body().toString());
          assertEquals(new JsonArray()
            .add(new JsonObject().put("subscription_count", 1))
            .add(new JsonObject())
            .add(new JsonObject().put("user_count", 1)), response.json().getJsonArray("batch"));
        });
        return nextMessage(socket);
      })
      .compose(first -> nextMessage(socket).compose(second -> nextMessage(socket)
        .map(third -> Set.of(first.getString("event"), second.getString("event"),
          third.getString("event")))))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(Set.of("one", "two", "three"), events);
        ctx.completeNow();
      })));
  }

  @Test
  void batchWithoutInfoAnswersAnEmptyObject(VertxTestContext ctx) {
    pusher.rest.post("/batch_events", new JsonObject().put("batch", new JsonArray().add(event("a", "1", "public.z"))))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonObject(), response.json());
        ctx.completeNow();
      })));
  }
}
