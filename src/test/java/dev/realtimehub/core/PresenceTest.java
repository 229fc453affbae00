package dev.realtimehub.core;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence on {@code team.7} as native WebSocket clients and the server API see it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PresenceTest {

  private static final String TEAM = "team.7";
  private static final JsonObject ALICE = new JsonObject().put("id", "u1").put("name", "Alice");
  private static final JsonObject BOB = new JsonObject().put("id", "u2").put("name", "Bob");

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  /** A team-7 member connection of user {@code sub} whose token carries a {@code name} claim. */
  private TestSocket member(String sub, String name) {
    TestSocket socket = hub.connect(hub.token(sub, new JsonObject().put("teams", new JsonArray().add(7))
      .put("name", name))).await();
    sockets.add(socket);
    return socket;
  }

  private Future<List<JsonObject>> marker(TestSocket socket, String event) {
    return SemanticsSupport.publish(hub, TEAM, event, null)
      .compose(v -> SemanticsSupport.beforeMarker(socket, event));
  }

  private static JsonObject presence(String action, JsonObject user) {
    return new JsonObject().put("type", "presence").put("channel", TEAM).put("action", action).put("user", user);
  }

  private static boolean anyPresence(List<JsonObject> frames) {
    return frames.stream().anyMatch(frame -> "presence".equals(frame.getString("type")));
  }

  @Test
  void subscribedReplyListsTheMembersWithTheNameClaimAndTheirCount(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    alice.subscribe(TEAM).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals("subscribed", reply.getString("type"), reply.encode());
      assertEquals(new JsonArray().add(ALICE), reply.getJsonArray("presence"));
      assertEquals(1, reply.getInteger("presence_count"));
      ctx.completeNow();
    })));
  }

  @Test
  void aJoiningUserIsAnnouncedToOthersButNotToItself(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket bob = member("u2", "Bob");
    alice.subscribe(TEAM).await();
    SemanticsSupport.subscribe(bob, TEAM, 1)
      .onSuccess(frames -> ctx.verify(() -> {
        JsonObject reply = frames.get(frames.size() - 1);
        assertEquals(new JsonArray().add(ALICE).add(BOB), reply.getJsonArray("presence"));
        assertEquals(2, reply.getInteger("presence_count"));
        assertFalse(anyPresence(frames), "the joiner received a presence frame: " + frames);
      }))
      .compose(v -> alice.next())
      .onSuccess(join -> ctx.verify(() -> assertEquals(presence("join", BOB), join)))
      .compose(v -> marker(bob, "after-join"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertFalse(anyPresence(before), "the joiner received its own join: " + before);
        ctx.completeNow();
      })));
  }

  @Test
  void aSecondConnectionOfTheSameUserAnnouncesNothingAndKeepsOneRosterEntry(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket bob = member("u2", "Bob");
    TestSocket bobAgain = member("u2", "Bob");
    alice.subscribe(TEAM).await();
    bob.subscribe(TEAM).await();
    alice.next()
      .onSuccess(join -> ctx.verify(() -> assertEquals(presence("join", BOB), join)))
      .compose(v -> bobAgain.subscribe(TEAM))
      .onSuccess(reply -> ctx.verify(() -> {
        assertEquals(new JsonArray().add(ALICE).add(BOB), reply.getJsonArray("presence"));
        assertEquals(2, reply.getInteger("presence_count"));
      }))
      .compose(v -> marker(alice, "after-second-connection"))
      .onSuccess(before -> ctx.verify(() -> assertEquals(List.of(), before, "others saw a second join")))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/" + TEAM + "/presence"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonArray().add(ALICE).add(BOB), response.json().getJsonArray("members"));
        assertEquals(2, response.json().getInteger("count"));
        ctx.completeNow();
      })));
  }

  @Test
  void closingOneOfTwoConnectionsSendsNoLeaveAndClosingTheLastDoes(Vertx vertx, VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket bob = member("u2", "Bob");
    TestSocket bobAgain = member("u2", "Bob");
    alice.subscribe(TEAM).await();
    bob.subscribe(TEAM).await();
    bobAgain.subscribe(TEAM).await();
    alice.nextOfType("presence").await();
    bobAgain.close()
      .compose(v -> subscribersBecome(vertx, 2))
      .compose(v -> marker(alice, "after-first-close"))
      .onSuccess(before -> ctx.verify(() -> assertEquals(List.of(), before, "a leave while a connection remains")))
      .compose(v -> bob.close())
      .compose(v -> alice.next())
      .onComplete(ctx.succeeding(leave -> ctx.verify(() -> {
        assertEquals(presence("leave", BOB), leave);
        ctx.completeNow();
      })));
  }

  @Test
  void unsubscribingEmitsLeave(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket bob = member("u2", "Bob");
    alice.subscribe(TEAM).await();
    bob.subscribe(TEAM).await();
    alice.nextOfType("presence").await();
    bob.request(new JsonObject().put("type", "unsubscribe").put("channel", TEAM))
      .onSuccess(reply -> ctx.verify(() -> assertEquals("unsubscribed", reply.getString("type"))))
      .compose(v -> alice.next())
      .onSuccess(leave -> ctx.verify(() -> assertEquals(presence("leave", BOB), leave)))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/" + TEAM + "/presence"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(new JsonArray().add(ALICE), response.json().getJsonArray("members"));
        assertEquals(1, response.json().getInteger("count"));
        ctx.completeNow();
      })));
  }

  @Test
  void userInfoComesFromTheTokenNeverFromTheClient(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket mallory = hub.connect(hub.token("u3", new JsonObject().put("teams", new JsonArray().add(7))
      .put("name", "Mallory").put("email", "m@example.com"))).await();
    sockets.add(mallory);
    alice.subscribe(TEAM).await();
    JsonObject forged = new JsonObject().put("id", "u1").put("name", "Alice").put("role", "admin");
    mallory.request(new JsonObject().put("type", "subscribe").put("channel", TEAM)
        .put("user", forged).put("info", forged).put("name", "Alice"))
      .onSuccess(reply -> ctx.verify(() -> assertEquals("subscribed", reply.getString("type"), reply.encode())))
      .compose(v -> alice.next())
      .onComplete(ctx.succeeding(join -> ctx.verify(() -> {
        JsonObject expected = new JsonObject().put("id", "u3").put("name", "Mallory");
        assertEquals(presence("join", expected), join, "only the token's sub and configured claims");
        ctx.completeNow();
      })));
  }

  @Test
  void aNameClaimOverTheUserInfoCapLeavesTheIdAlone(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    TestSocket verbose = member("u4", "x".repeat(2000));
    alice.subscribe(TEAM).await();
    verbose.subscribe(TEAM)
      .onSuccess(reply -> ctx.verify(() -> assertEquals(new JsonArray().add(ALICE).add(new JsonObject()
        .put("id", "u4")), reply.getJsonArray("presence"))))
      .compose(v -> alice.next())
      .onComplete(ctx.succeeding(join -> ctx.verify(() -> {
        assertEquals(presence("join", new JsonObject().put("id", "u4")), join);
        ctx.completeNow();
      })));
  }

  @Test
  void typesWithoutPresenceHaveNoPresenceFieldAndNoPresenceResource(VertxTestContext ctx) {
    TestSocket alice = member("u1", "Alice");
    alice.subscribe("user.u1")
      .onSuccess(reply -> ctx.verify(() -> {
        assertEquals("subscribed", reply.getString("type"), reply.encode());
        assertFalse(reply.containsKey("presence"), reply.encode());
        assertFalse(reply.containsKey("presence_count"), reply.encode());
      }))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/user.u1/presence"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(404, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void presenceApiOfAnEmptyChannelHasNoMembers(VertxTestContext ctx) {
    SemanticsSupport.get(hub, "/api/channels/team.8/presence")
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonObject().put("channel", "team.8").put("members", new JsonArray()).put("count", 0),
          response.json());
        assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
        ctx.completeNow();
      })));
  }

  private Future<Void> subscribersBecome(Vertx vertx, int count) {
    return ApiSupport.eventually(vertx, 5000, () -> ApiSupport.subscribers(hub, TEAM).map(n -> n == count));
  }
}
