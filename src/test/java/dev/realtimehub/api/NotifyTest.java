package dev.realtimehub.api;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/notify} to 10 000 users, 49 of them connected to their {@code user.{id}} channel (with the
 * bystander, 50 connections: the test client's WebSocket pool limit).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class NotifyTest {

  private static final int USERS = 10_000;
  private static final int CONNECTED = 49;
  private static final int CONNECTED_EVERY = 200;

  private TestHub hub;
  private final List<TestSocket> connected = new ArrayList<>();
  private TestSocket bystander;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    List<Future<TestSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < CONNECTED; i++) {
      String user = "n" + i * CONNECTED_EVERY;
      sockets.add(hub.connect(hub.token(user)).compose(socket -> socket.subscribe("user." + user).map(socket)));
    }
    Future.all(sockets).await();
    sockets.forEach(socket -> connected.add(socket.result()));
    bystander = hub.connect(null).await();
  }

  @AfterEach
  void stop() {
    connected.forEach(socket -> socket.close().otherwiseEmpty().await());
    bystander.close().otherwiseEmpty().await();
    hub.close().await();
  }

  private Future<TestResponse> notify(JsonArray users, String event) {
    JsonObject body = new JsonObject().put("users", users).put("event", event)
      .put("data", new JsonObject().put("text", "hello"));
    return hub.request("POST", "/api/notify", body.encode(), TestHub.API_KEY);
  }

  private static JsonArray everyone() {
    JsonArray users = new JsonArray();
    for (int i = 0; i < USERS; i++) {
      users.add("n" + i);
    }
    return users;
  }

  private static JsonArray connectedUsers() {
    JsonArray users = new JsonArray();
    for (int i = 0; i < CONNECTED; i++) {
      users.add("n" + i * CONNECTED_EVERY);
    }
    return users;
  }

  @Test
  void tenThousandUsersAreNotifiedOnceEachWhileOtherClientsStayServed(VertxTestContext ctx) {
    Future<TestResponse> notified = notify(everyone(), "notice");
    Future<JsonObject> pong = bystander.request(new JsonObject().put("type", "ping"));
    pong.onComplete(ctx.succeeding(reply -> ctx.verify(() -> assertEquals("pong", reply.getString("type")))));
    notified
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonObject().put("users", USERS).put("published", USERS).put("failed", 0), response.json());
      }))
      .compose(v -> notify(connectedUsers(), "end"))
      .compose(v -> Future.all(connected.stream().map(socket -> SemanticsSupport.beforeMarker(socket, "end"))
        .toList()))
      .compose(all -> pong.map(all))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (int i = 0; i < connected.size(); i++) {
          List<JsonObject> frames = all.resultAt(i);
          String user = "n" + i * CONNECTED_EVERY;
          assertEquals(1, frames.size(), user + " received " + frames);
          JsonObject message = frames.get(0);
          assertEquals("user." + user, message.getString("channel"));
          assertEquals("notice", message.getString("event"));
          assertEquals(new JsonObject().put("text", "hello"), message.getJsonObject("data"));
        }
        ctx.completeNow();
      })));
  }

  @Test
  void moreUsersThanTheMaximumIs422(VertxTestContext ctx) {
    notify(everyone().add("n10000"), "notice").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(422, response.status(), response.body().toString());
      assertTrue(response.errorMessage().startsWith("users: at most 10000"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void anInvalidUserIdIs422NamingItsIndex(VertxTestContext ctx) {
    notify(new JsonArray().add("ok1").add("bad id"), "notice")
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(422, response.status(), response.body().toString());
        assertTrue(response.errorMessage().startsWith("users[1]:"), response.errorMessage());
      }))
      .compose(v -> notify(new JsonArray().add("n0").add(1.5), "notice"))
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(422, response.status(), response.body().toString());
        assertTrue(response.errorMessage().startsWith("users[1]:"), response.errorMessage());
      }))
      .compose(v -> notify(new JsonArray(), "notice"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(422, response.status(), response.body().toString());
        assertTrue(response.errorMessage().startsWith("users:"), response.errorMessage());
        ctx.completeNow();
      })));
  }

  @Test
  void theIndexOfAnInvalidIdCountsRepeatedIds(VertxTestContext ctx) {
    notify(new JsonArray().add("a").add("a").add("a").add("not valid"), "notice")
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(422, response.status(), response.body().toString());
        assertTrue(response.errorMessage().startsWith("users[3]:"), response.errorMessage());
        ctx.completeNow();
      })));
  }

  @Test
  void repeatedIdsAreNotifiedOnceAndCountedOnce(VertxTestContext ctx) {
    TestSocket first = connected.get(0);
    notify(new JsonArray().add("n0").add("n0").add(0).add("n0"), "notice")
      .onSuccess(response -> ctx.verify(() -> assertEquals(new JsonObject().put("users", 2).put("published", 2)
        .put("failed", 0), response.json())))
      .compose(v -> notify(new JsonArray().add("n0"), "end"))
      .compose(v -> SemanticsSupport.beforeMarker(first, "end"))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        assertEquals(1, frames.size(), frames.toString());
        ctx.completeNow();
      })));
  }
}
