package dev.realtimehub.api;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PublishApiTest {

  private TestHub hub;
  private TestSocket alice;
  private TestSocket bob;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    alice = hub.connect(null).await();
    bob = hub.connect(null).await();
  }

  @AfterEach
  void stop() {
    alice.close().otherwiseEmpty().await();
    bob.close().otherwiseEmpty().await();
    hub.close().await();
  }

  @Test
  void publishToOneChannelAnswersItsOffsetAndReachesSubscribers(VertxTestContext ctx) {
    alice.subscribe("public.news")
      .compose(v -> hub.publish(message("public.news", "headline", new JsonObject().put("title", "hi"))))
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonArray published = response.json().getJsonArray("published");
        assertEquals(1, published.size());
        assertEquals("public.news", published.getJsonObject(0).getString("channel"));
        assertEquals(1L, published.getJsonObject(0).getLong("offset"));
        assertNotNull(published.getJsonObject(0).getString("epoch"));
      }))
      .compose(v -> alice.nextOfType("message"))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("public.news", message.getString("channel"));
        assertEquals("headline", message.getString("event"));
        assertEquals("hi", message.getJsonObject("data").getString("title"));
        assertEquals(1L, message.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void publishToAChannelsListGivesEachChannelItsOwnOffset(VertxTestContext ctx) {
    alice.subscribe("public.a")
      .compose(v -> bob.subscribe("public.b"))
      .compose(v -> hub.publish(message("public.a", "first", 1)))
      .compose(v -> hub.publish(new JsonObject().put("channels", new JsonArray().add("public.a").add("public.b"))
        .put("event", "both").put("data", 2)))
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonArray published = response.json().getJsonArray("published");
        assertEquals(2, published.size());
        assertEquals("public.a", published.getJsonObject(0).getString("channel"));
        assertEquals(2L, published.getJsonObject(0).getLong("offset"));
        assertEquals("public.b", published.getJsonObject(1).getString("channel"));
        assertEquals(1L, published.getJsonObject(1).getLong("offset"));
      }))
      .compose(v -> alice.nextOfType("message"))
      .onSuccess(first -> ctx.verify(() -> assertEquals("first", first.getString("event"))))
      .compose(v -> alice.nextOfType("message"))
      .onSuccess(both -> ctx.verify(() -> assertEquals(2L, both.getLong("offset"))))
      .compose(v -> bob.nextOfType("message"))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertEquals("public.b", both.getString("channel"));
        assertEquals("both", both.getString("event"));
        assertEquals(1L, both.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void excludeSkipsTheGivenSessionOnly(VertxTestContext ctx) {
    Future<String> aliceSession = alice.nextOfType("welcome").map(welcome -> welcome.getString("session"));
    aliceSession
      .compose(v -> alice.subscribe("public.room"))
      .compose(v -> bob.subscribe("public.room"))
      .compose(v -> hub.publish(message("public.room", "echo", "not for alice")
        .put("exclude", aliceSession.result())))
      .compose(v -> hub.publish(message("public.room", "after", "for everyone")))
      .compose(v -> bob.nextOfType("message"))
      .onSuccess(first -> ctx.verify(() -> assertEquals("echo", first.getString("event"))))
      .compose(v -> alice.nextOfType("message"))
      .onComplete(ctx.succeeding(first -> ctx.verify(() -> {
        assertEquals("after", first.getString("event"));
        assertEquals(2L, first.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void batchAnswersOneResultPerMessageInOrderAndDeliversTheGoodOnes(VertxTestContext ctx) {
    JsonArray messages = new JsonArray()
      .add(message("public.feed", "one", 1))
      .add(new JsonObject().put("channel", "public.feed").put("data", 2))
      .add(message("public.feed", "three", 3))
      .add(message("public.bad..name", "four", 4))
      .add("not an object");
    alice.subscribe("public.feed")
      .compose(v -> hub.request("POST", "/api/publish/batch", new JsonObject().put("messages", messages).encode(),
        TestHub.API_KEY))
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonArray results = response.json().getJsonArray("results");
        assertEquals(5, results.size());
        assertEquals(1L, results.getJsonObject(0).getJsonArray("published").getJsonObject(0).getLong("offset"));
        JsonObject error = results.getJsonObject(1).getJsonObject("error");
        assertEquals("unprocessable", error.getString("code"));
        assertTrue(error.getString("message").startsWith("messages[1].event: "), error.getString("message"));
        assertEquals(2L, results.getJsonObject(2).getJsonArray("published").getJsonObject(0).getLong("offset"));
        String channelError = results.getJsonObject(3).getJsonObject("error").getString("message");
        assertTrue(channelError.startsWith("messages[3].channel: "), channelError);
        assertFalse(results.getJsonObject(3).containsKey("published"));
        assertEquals("messages[4]: expected an object",
          results.getJsonObject(4).getJsonObject("error").getString("message"));
        assertEquals(2, response.json().getInteger("accepted"));
        assertEquals(3, response.json().getInteger("failed"));
      }))
      .compose(v -> alice.nextOfType("message"))
      .onSuccess(one -> ctx.verify(() -> assertEquals("one", one.getString("event"))))
      .compose(v -> alice.nextOfType("message"))
      .onComplete(ctx.succeeding(three -> ctx.verify(() -> {
        assertEquals("three", three.getString("event"));
        assertEquals(2L, three.getLong("offset"));
        ctx.completeNow();
      })));
  }

  private static JsonObject message(String channel, String event, Object data) {
    return new JsonObject().put("channel", channel).put("event", event).put("data", data);
  }
}
