package dev.realtimehub.core;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typing indicators on {@code conversation.c1} between members connected over the native protocol. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TypingTest {

  private static final String CHANNEL = "conversation.c1";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();
  private TestSocket alice;
  private TestSocket bob;

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    if (hub != null) {
      hub.close().await();
    }
  }

  /** A hub where alice (u1) and bob (u2) are members of the conversation and connected, not yet subscribed. */
  private void start(Vertx vertx, Map<String, String> env) {
    hub = TestHub.start(vertx, env).await();
    alice = connect("u1");
    bob = connect("u2");
  }

  private TestSocket connect(String user) {
    SemanticsSupport.addMember(hub, CHANNEL, user).await();
    TestSocket socket = hub.connect(hub.token(user)).await();
    sockets.add(socket);
    return socket;
  }

  /** Subscribes both and reads past the join, so each socket's next frame is whatever comes after. */
  private void subscribeBoth() {
    alice.subscribe(CHANNEL).await();
    bob.subscribe(CHANNEL).await();
    alice.nextOfType("presence").await();
  }

  private static JsonObject typing(String state) {
    return new JsonObject().put("type", "typing").put("channel", CHANNEL).put("state", state);
  }

  private static JsonObject typed(String user, String state) {
    return new JsonObject().put("type", "typing").put("channel", CHANNEL)
      .put("user", new JsonObject().put("id", user)).put("state", state);
  }

  private Future<List<JsonObject>> marker(TestSocket socket, String event) {
    return SemanticsSupport.publish(hub, CHANNEL, event, null)
      .compose(v -> SemanticsSupport.beforeMarker(socket, event));
  }

  private static boolean anyTyping(List<JsonObject> frames) {
    return frames.stream().anyMatch(frame -> "typing".equals(frame.getString("type")));
  }

  @Test
  void startReachesTheOtherMembersButNotTheSender(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    TestSocket carol = connect("u3");
    subscribeBoth();
    carol.subscribe(CHANNEL).await();
    alice.nextOfType("presence").await();
    bob.nextOfType("presence").await();
    alice.send(typing("start"))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "start"), frame)))
      .compose(v -> carol.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "start"), frame)))
      .compose(v -> marker(alice, "after-start"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertFalse(anyTyping(before), "the sender got its own typing frame: " + before);
        ctx.completeNow();
      })));
  }

  @Test
  void stopReachesTheOtherMembers(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    subscribeBoth();
    alice.send(typing("start"))
      .compose(v -> alice.send(typing("stop")))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "start"), frame)))
      .compose(v -> bob.next())
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals(typed("u1", "stop"), frame);
        ctx.completeNow();
      })));
  }

  @Test
  void repeatedStartIsAnnouncedOnce(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    subscribeBoth();
    alice.send(typing("start"))
      .compose(v -> alice.send(typing("start")))
      .compose(v -> alice.send(typing("start")))
      .compose(v -> alice.send(typing("stop")))
      .compose(v -> marker(alice, "typed"))
      .compose(v -> marker(bob, "typed-seen"))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        List<JsonObject> seen = frames.stream().filter(f -> !"message".equals(f.getString("type"))).toList();
        assertEquals(List.of(typed("u1", "start"), typed("u1", "stop")), seen);
        ctx.completeNow();
      })));
  }

  @Test
  void aStartWithoutStopExpiresAndTheHubSendsStopToTheOthersOnly(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("HUB_TYPING_TIMEOUT_MS", "500"));
    subscribeBoth();
    alice.send(typing("start"))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "start"), frame)))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "stop"), frame)))
      .compose(v -> marker(alice, "after-expiry"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertFalse(anyTyping(before), "the typist got the expiry stop of its own indicator: " + before);
        ctx.completeNow();
      })));
  }

  @Test
  void aTypingUserWhoDisconnectsIsAnnouncedAsStopped(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    subscribeBoth();
    alice.send(typing("start"))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "start"), frame)))
      .compose(v -> alice.close())
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(typed("u1", "stop"), frame)))
      .compose(v -> bob.next())
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals("presence", frame.getString("type"), frame.encode());
        assertEquals("leave", frame.getString("action"));
        ctx.completeNow();
      })));
  }

  @Test
  void aTypingUserWhoUnsubscribesIsAnnouncedAsStopped(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    subscribeBoth();
    alice.send(typing("start"))
      .compose(v -> bob.next())
      .compose(v -> alice.request(new JsonObject().put("type", "unsubscribe").put("channel", CHANNEL)))
      .compose(v -> bob.next())
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals(typed("u1", "stop"), frame);
        ctx.completeNow();
      })));
  }

  @Test
  void typingOnATypeWithoutTypingIs403(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    alice.subscribe("user.u1").await();
    alice.request(new JsonObject().put("type", "typing").put("channel", "user.u1").put("state", "start"))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 403)))
      .compose(v -> alice.request(new JsonObject().put("type", "typing").put("channel", "orders.u1")
        .put("state", "start")))
      .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
        assertError(error, 403);
        assertTrue(error.getString("message").contains("typing"), error.encode());
        ctx.completeNow();
      })));
  }

  @Test
  void typingWithoutASubscriptionIs403(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    bob.subscribe(CHANNEL).await();
    alice.request(typing("start"))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 403)))
      .compose(v -> marker(bob, "after-refusal"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertFalse(anyTyping(before), "a refused typing frame reached a member: " + before);
        ctx.completeNow();
      })));
  }

  @Test
  void aTypingFloodIs429(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("HUB_TYPING_RATE_PER_SECOND", "2"));
    subscribeBoth();
    for (int i = 0; i < 4; i++) {
      alice.send(typing(i % 2 == 0 ? "start" : "stop").put("id", "t" + i));
    }
    alice.nextOfType("error").onComplete(ctx.succeeding(error -> ctx.verify(() -> {
      assertError(error, 429);
      assertTrue(List.of("t2", "t3").contains(error.getString("id")), error.encode());
      ctx.completeNow();
    })));
  }

  private static void assertError(JsonObject frame, int code) {
    assertEquals("error", frame.getString("type"), frame.encode());
    assertEquals(code, frame.getInteger("code"), frame.encode());
  }
}
