package dev.realtimehub.channel;

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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client publishing over the native protocol: only to a channel the connection subscribed to, and only where the
 * type's {@code publish} rules admit the principal (conversation members yes, team subscribers no).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ClientPublishRulesTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void conversationMemberMayPublishAndOtherMembersReceiveIt(VertxTestContext ctx) {
    String channel = "conversation.c1";
    addMember(channel, "ana").await();
    addMember(channel, "ben").await();
    TestSocket ana = hub.connect(hub.token("ana")).await();
    TestSocket ben = hub.connect(hub.token("ben")).await();
    subscribed(ana, channel)
      .compose(v -> subscribed(ben, channel))
      .compose(v -> ana.request(publish(channel)))
      .compose(published -> {
        ctx.verify(() -> {
          assertEquals("published", published.getString("type"), published.encode());
          assertEquals(channel, published.getString("channel"));
        });
        return ben.nextOfType("message");
      })
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals(channel, message.getString("channel"));
        assertEquals("said", message.getString("event"));
        assertEquals("hi", message.getJsonObject("data").getString("text"));
        assertEquals("ana", message.getString("from"));
        ctx.completeNow();
      })));
  }

  @Test
  void supportAgentMayPublishThroughItsRole(VertxTestContext ctx) {
    TestSocket agent = hub.connect(hub.token("agent", roles("support"))).await();
    subscribed(agent, "support.t1")
      .compose(v -> agent.request(publish("support.t1")))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals("published", reply.getString("type"), reply.encode());
        ctx.completeNow();
      })));
  }

  @Test
  void teamSubscriberMayNotPublishAndStaysConnected(VertxTestContext ctx) {
    TestSocket socket = hub.connect(hub.token("u1", new JsonObject().put("teams", new JsonArray().add(7)))).await();
    subscribed(socket, "team.7")
      .compose(v -> socket.request(publish("team.7")))
      .compose(reply -> {
        ctx.verify(() -> assertRefused(403, reply));
        return socket.request(new JsonObject().put("type", "ping"));
      })
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        ctx.completeNow();
      })));
  }

  @Test
  void memberWhoDidNotSubscribeMayNotPublish(VertxTestContext ctx) {
    addMember("conversation.c2", "cleo").await();
    TestSocket socket = hub.connect(hub.token("cleo")).await();
    socket.next()
      .compose(welcome -> socket.request(publish("conversation.c2")))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertRefused(403, reply);
        ctx.completeNow();
      })));
  }

  @Test
  void memberRemovedAfterSubscribingMayNoLongerPublish(VertxTestContext ctx) {
    String channel = "conversation.c3";
    addMember(channel, "dora").await();
    TestSocket socket = hub.connect(hub.token("dora")).await();
    subscribed(socket, channel)
      .compose(v -> hub.request("DELETE", "/api/channels/" + channel + "/members/dora", null, TestHub.API_KEY))
      .compose(deleted -> socket.request(publish(channel)))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertRefused(403, reply);
        ctx.completeNow();
      })));
  }

  private Future<Void> addMember(String channel, String userId) {
    return hub.request("PUT", "/api/channels/" + channel + "/members/" + userId, null, TestHub.API_KEY)
      .compose(response -> response.status() == 204
        ? Future.succeededFuture()
        : Future.failedFuture("membership not added: " + response.status()));
  }

  /** Reads the welcome frame, subscribes, and fails unless the hub answers {@code subscribed}. */
  private static Future<Void> subscribed(TestSocket socket, String channel) {
    return socket.next()
      .compose(welcome -> socket.subscribe(channel))
      .compose(reply -> "subscribed".equals(reply.getString("type"))
        ? Future.succeededFuture()
        : Future.failedFuture("subscribe to " + channel + " answered " + reply.encode()));
  }

  private static JsonObject publish(String channel) {
    return new JsonObject().put("type", "publish").put("channel", channel).put("event", "said")
      .put("data", new JsonObject().put("text", "hi"));
  }

  private static JsonObject roles(String... roles) {
    return new JsonObject().put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static void assertRefused(int code, JsonObject reply) {
    assertEquals("error", reply.getString("type"), reply.encode());
    assertEquals(code, reply.getInteger("code"), reply.encode());
  }
}
