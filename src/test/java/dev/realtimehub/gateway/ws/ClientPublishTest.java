package dev.realtimehub.gateway.ws;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code publish} frames from clients: allowed on types with publish rules, never echoed to the publisher. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ClientPublishTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    for (String user : List.of("alice", "bob")) {
      int status = hub.request("PUT", "/api/channels/conversation.1/members/" + user, null, TestHub.API_KEY)
        .await().status();
      assertEquals(204, status);
    }
  }

  @AfterEach
  void stop() {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    hub.close().await();
  }

  private TestSocket open(String token) {
    TestSocket socket = hub.connect(token).await();
    sockets.add(socket);
    return socket;
  }

  private static Future<JsonObject> join(TestSocket socket, String channel) {
    return socket.nextOfType("welcome")
      .compose(w -> socket.subscribe(channel))
      .compose(reply -> "subscribed".equals(reply.getString("type"))
        ? Future.succeededFuture(reply) : Future.failedFuture("subscribe failed: " + reply));
  }

  /** Conversations track presence: join and leave signals may come between the frames a test reads. */
  private static boolean notPresence(JsonObject frame) {
    return !"presence".equals(frame.getString("type"));
  }

  private static JsonObject publish(Object id, String channel, String event, Object data) {
    return new JsonObject().put("type", "publish").put("id", id).put("channel", channel).put("event", event)
      .put("data", data);
  }

  @Test
  void memberPublishReachesOtherSubscribersButNotThePublisher(VertxTestContext ctx) {
    TestSocket alice = open(hub.token("alice"));
    TestSocket bob = open(hub.token("bob"));
    Future.all(join(alice, "conversation.1"), join(bob, "conversation.1"))
      .compose(joined -> alice.send(publish(3, "conversation.1", "chat.message", new JsonObject().put("text", "hi"))))
      .compose(v -> alice.next(ClientPublishTest::notPresence))
      .compose(published -> {
        ctx.verify(() -> {
          assertEquals("published", published.getString("type"));
          assertEquals(3, published.getValue("id"));
          assertEquals("conversation.1", published.getString("channel"));
          assertEquals(1L, published.getLong("offset"));
        });
        return bob.nextOfType("message");
      })
      .compose(received -> {
        ctx.verify(() -> {
          assertEquals("conversation.1", received.getString("channel"));
          assertEquals("chat.message", received.getString("event"));
          assertEquals(new JsonObject().put("text", "hi"), received.getValue("data"));
          assertEquals("alice", received.getString("from"));
          assertEquals(1L, received.getLong("offset"));
          assertTrue(received.getLong("ts") > 0);
        });
        return bob.send(publish("b1", "conversation.1", "chat.message", "hello alice"));
      })
      .compose(v -> alice.next(ClientPublishTest::notPresence))
      .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
        assertEquals("message", next.getString("type"));
        assertEquals("bob", next.getString("from"), "alice received her own message back");
        assertEquals(2L, next.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void publishOnATypeWithoutClientPublishingIs403(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice", new JsonObject().put("teams", new JsonArray().add("7"))));
    join(socket, "team.7")
      .compose(joined -> socket.send(publish(9, "team.7", "goal.updated", 1)))
      .compose(v -> socket.next())
      .compose(error -> {
        ctx.verify(() -> {
          assertEquals("error", error.getString("type"));
          assertEquals(9, error.getValue("id"));
          assertEquals(403, error.getInteger("code"));
          assertEquals("forbidden", error.getString("reason"));
        });
        return hub.request("GET", "/api/channels/team.7", null, TestHub.API_KEY);
      })
      .onComplete(ctx.succeeding(channel -> ctx.verify(() -> {
        assertEquals(0L, channel.json().getLong("offset"), "the refused publish was stored anyway");
        assertEquals(1, channel.json().getInteger("subscribers"));
        ctx.completeNow();
      })));
  }

  @Test
  void nonMemberCannotPublishToAConversation(VertxTestContext ctx) {
    TestSocket mallory = open(hub.token("mallory"));
    mallory.nextOfType("welcome")
      .compose(w -> mallory.request(publish(null, "conversation.1", "chat.message", "spam")))
      .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
        assertEquals("error", error.getString("type"));
        assertEquals(403, error.getInteger("code"));
        ctx.completeNow();
      })));
  }
}
