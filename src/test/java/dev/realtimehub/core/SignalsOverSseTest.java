package dev.realtimehub.core;

import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Presence and typing signals of {@code team.7} reaching an SSE subscriber, and an SSE user's presence. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SignalsOverSseTest {

  private static final String TEAM = "team.7";
  private static final JsonObject ALICE = new JsonObject().put("id", "u1").put("name", "Alice");
  private static final JsonObject BOB = new JsonObject().put("id", "u2").put("name", "Bob");

  private TestHub hub;
  private TestSocket bob;
  private TestEventStream alice;

  /** Bob connected over WebSocket (not yet subscribed). */
  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    bob = hub.connect(token("u2", "Bob")).await();
  }

  @AfterEach
  void stop() {
    bob.close().otherwiseEmpty().await();
    if (alice != null) {
      alice.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  private String token(String sub, String name) {
    return hub.token(sub, new JsonObject().put("teams", new JsonArray().add(7)).put("name", name));
  }

  /** Alice's event stream of team.7, read past its {@code subscribed} event (returned). */
  private JsonObject openAlice() {
    alice = hub.sse("/sse?channels=" + TEAM + "&token=" + token("u1", "Alice"), Map.of()).await();
    return new JsonObject(alice.next("subscribed").await().data());
  }

  private static JsonObject presence(String action, JsonObject user) {
    return new JsonObject().put("channel", TEAM).put("action", action).put("user", user);
  }

  private static JsonObject typing(String state) {
    return new JsonObject().put("channel", TEAM).put("user", new JsonObject().put("id", "u2")).put("state", state);
  }

  @Test
  void anSseSubscriberReceivesPresenceEventsOfWebSocketUsers(VertxTestContext ctx) {
    openAlice();
    bob.subscribe(TEAM)
      .compose(v -> alice.next())
      .onSuccess(event -> ctx.verify(() -> {
        assertEquals("presence", event.name());
        assertEquals(presence("join", BOB), new JsonObject(event.data()));
      }))
      .compose(v -> bob.close())
      .compose(v -> alice.next())
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals("presence", event.name());
        assertEquals(presence("leave", BOB), new JsonObject(event.data()));
        ctx.completeNow();
      })));
  }

  @Test
  void anSseSubscriberReceivesTypingEvents(VertxTestContext ctx) {
    openAlice();
    bob.subscribe(TEAM).await();
    alice.next("presence").await();
    bob.send(new JsonObject().put("type", "typing").put("channel", TEAM).put("state", "start"))
      .compose(v -> bob.send(new JsonObject().put("type", "typing").put("channel", TEAM).put("state", "stop")))
      .compose(v -> alice.next())
      .onSuccess(event -> ctx.verify(() -> {
        assertEquals("typing", event.name());
        assertEquals(typing("start"), new JsonObject(event.data()));
      }))
      .compose(v -> alice.next())
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals("typing", event.name());
        assertEquals(typing("stop"), new JsonObject(event.data()));
        ctx.completeNow();
      })));
  }

  @Test
  void anSseUserJoinsAndLeavesPresenceLikeAWebSocketUser(VertxTestContext ctx) {
    bob.subscribe(TEAM).await();
    openAlice();
    bob.next()
      .onSuccess(join -> ctx.verify(() -> assertEquals(presence("join", ALICE).put("type", "presence"), join)))
      .compose(v -> alice.close())
      .compose(v -> bob.next())
      .onComplete(ctx.succeeding(leave -> ctx.verify(() -> {
        assertEquals(presence("leave", ALICE).put("type", "presence"), leave);
        ctx.completeNow();
      })));
  }

  @Test
  void theSseSubscribedEventListsThePresence(VertxTestContext ctx) {
    bob.subscribe(TEAM).await();
    JsonObject subscribed = openAlice();
    ctx.verify(() -> {
      assertEquals(new JsonArray().add(BOB).add(ALICE), subscribed.getJsonArray("presence"), subscribed.encode());
      assertEquals(2, subscribed.getInteger("presence_count"), subscribed.encode());
      ctx.completeNow();
    });
  }
}
