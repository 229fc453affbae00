package dev.realtimehub.gateway.ws;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frames of the native protocol on {@code /ws}, as a client sees them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class NativeProtocolTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
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

  private static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  private Future<TestResponse> publish(String channel, String event, Object data) {
    return hub.publish(new JsonObject().put("channel", channel).put("event", event).put("data", data));
  }

  @Test
  void firstFrameIsWelcomeWithSessionAndUser(VertxTestContext ctx) {
    TestSocket alice = open(hub.token("alice"));
    TestSocket anonymous = open(null);
    Future.all(alice.next(), anonymous.next())
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        JsonObject welcome = both.resultAt(0);
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("alice", welcome.getString("user"));
        assertFalse(welcome.getString("session").isEmpty());
        JsonObject anonymousWelcome = both.resultAt(1);
        assertEquals("welcome", anonymousWelcome.getString("type"));
        assertTrue(anonymousWelcome.containsKey("user"));
        assertNull(anonymousWelcome.getValue("user"));
        assertNotEquals(welcome.getString("session"), anonymousWelcome.getString("session"));
        ctx.completeNow();
      })));
  }

  @Test
  void everyReplyEchoesTheRequestIdWhetherNumberOrString(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    socket.nextOfType("welcome")
      .compose(w -> socket.send(frame("ping").put("id", 42)))
      .compose(v -> socket.next())
      .compose(pong -> {
        ctx.verify(() -> assertEquals(new JsonObject().put("type", "pong").put("id", 42), pong));
        return socket.send(frame("ping").put("id", "req-a7"));
      })
      .compose(v -> socket.next())
      .compose(pong -> {
        ctx.verify(() -> assertEquals(new JsonObject().put("type", "pong").put("id", "req-a7"), pong));
        return socket.send(frame("subscribe").put("id", "sub-1").put("channel", "public.lobby"));
      })
      .compose(v -> socket.next())
      .compose(subscribed -> {
        ctx.verify(() -> assertEquals("sub-1", subscribed.getValue("id")));
        return socket.send(frame("subscribe").put("id", 7.5).put("channel", "nosuchtype.1"));
      })
      .compose(v -> socket.next())
      .compose(error -> {
        ctx.verify(() -> {
          assertEquals("error", error.getString("type"));
          assertEquals(7.5, error.getValue("id"));
        });
        return socket.send(frame("ping"));
      })
      .compose(v -> socket.next())
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals(new JsonObject().put("type", "pong"), pong);
        ctx.completeNow();
      })));
  }

  @Test
  void subscribeRepliesWithChannelOffsetAndEpoch(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    publish("public.scores", "score", 1)
      .compose(r -> publish("public.scores", "score", 2))
      .compose(r -> socket.nextOfType("welcome"))
      .compose(w -> socket.send(frame("subscribe").put("id", 1).put("channel", "public.scores")))
      .compose(v -> socket.next())
      .compose(subscribed -> {
        ctx.verify(() -> {
          assertEquals("subscribed", subscribed.getString("type"));
          assertEquals(1, subscribed.getValue("id"));
          assertEquals("public.scores", subscribed.getString("channel"));
          assertEquals(2L, subscribed.getLong("offset"));
          assertFalse(subscribed.getString("epoch").isEmpty());
        });
        return publish("public.scores", "score", 3)
          .compose(r -> socket.nextOfType("message"))
          .map(message -> message.put("subscribedEpoch", subscribed.getString("epoch")));
      })
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals(3L, message.getLong("offset"));
        assertEquals(message.getString("subscribedEpoch"), message.getString("epoch"));
        ctx.completeNow();
      })));
  }

  @Test
  void deliveredMessagesCarryTheEnvelopeWithConsecutiveOffsetsPerChannel(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    socket.nextOfType("welcome")
      .compose(w -> socket.subscribe("public.prices"))
      .compose(s -> socket.subscribe("public.volumes"))
      .compose(s -> publish("public.prices", "price.changed", new JsonObject().put("eur", 10)))
      .compose(r -> publish("public.volumes", "volume.changed", new JsonArray().add(1).add(2)))
      .compose(r -> publish("public.prices", "price.changed", "eleven"))
      .compose(r -> Future.all(socket.next(), socket.next(), socket.next()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        JsonObject first = all.resultAt(0);
        JsonObject second = all.resultAt(1);
        JsonObject third = all.resultAt(2);
        for (JsonObject message : List.of(first, second, third)) {
          assertEquals("message", message.getString("type"));
          assertTrue(message.getLong("ts") > 0, "ts: " + message);
        }
        assertEquals("public.prices", first.getString("channel"));
        assertEquals("price.changed", first.getString("event"));
        assertEquals(new JsonObject().put("eur", 10), first.getValue("data"));
        assertEquals(1L, first.getLong("offset"));
        assertEquals("public.volumes", second.getString("channel"));
        assertEquals(new JsonArray().add(1).add(2), second.getValue("data"));
        assertEquals(1L, second.getLong("offset"));
        assertEquals("public.prices", third.getString("channel"));
        assertEquals("eleven", third.getValue("data"));
        assertEquals(2L, third.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void noMessageArrivesAfterUnsubscribed(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    socket.nextOfType("welcome")
      .compose(w -> socket.subscribe("public.a"))
      .compose(s -> socket.subscribe("public.b"))
      .compose(s -> publish("public.a", "before", 1))
      .compose(r -> socket.nextOfType("message"))
      .compose(before -> socket.send(frame("unsubscribe").put("id", 2).put("channel", "public.a")))
      .compose(v -> socket.next())
      .compose(unsubscribed -> {
        ctx.verify(() -> assertEquals(new JsonObject().put("type", "unsubscribed").put("id", 2)
          .put("channel", "public.a"), unsubscribed));
        return publish("public.a", "after", 2);
      })
      .compose(r -> publish("public.b", "marker", 3))
      .compose(r -> socket.next())
      .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
        assertEquals("public.b", next.getString("channel"), "a message of public.a arrived after unsubscribing");
        assertEquals("marker", next.getString("event"));
        ctx.completeNow();
      })));
  }

  @Test
  void unsubscribingAChannelNotSubscribedIs404AndKeepsTheConnection(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    socket.nextOfType("welcome")
      .compose(w -> socket.send(frame("unsubscribe").put("id", 5).put("channel", "public.never")))
      .compose(v -> socket.next())
      .compose(error -> {
        ctx.verify(() -> {
          assertEquals("error", error.getString("type"));
          assertEquals(5, error.getValue("id"));
          assertEquals(404, error.getInteger("code"));
          assertEquals("not_found", error.getString("reason"));
          assertFalse(error.getString("message").isEmpty());
        });
        return socket.request(frame("ping"));
      })
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        ctx.completeNow();
      })));
  }

  @Test
  void subscribingTwiceIs409(VertxTestContext ctx) {
    TestSocket socket = open(hub.token("alice"));
    socket.nextOfType("welcome")
      .compose(w -> socket.subscribe("public.twice"))
      .compose(first -> {
        ctx.verify(() -> assertEquals("subscribed", first.getString("type")));
        return socket.subscribe("public.twice");
      })
      .compose(second -> {
        ctx.verify(() -> {
          assertEquals("error", second.getString("type"));
          assertEquals(409, second.getInteger("code"));
          assertEquals("conflict", second.getString("reason"));
        });
        return publish("public.twice", "once", 1);
      })
      .compose(r -> socket.nextOfType("message"))
      .compose(message -> {
        ctx.verify(() -> assertEquals(1L, message.getLong("offset")));
        return socket.send(frame("ping")).compose(v -> socket.next());
      })
      .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
        assertEquals("pong", next.getString("type"), "the message was delivered twice");
        ctx.completeNow();
      })));
  }

  @Test
  void pingGetsPong(VertxTestContext ctx) {
    TestSocket socket = open(null);
    socket.nextOfType("welcome")
      .compose(w -> socket.request(frame("ping")))
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        ctx.completeNow();
      })));
  }
}
