package dev.realtimehub.cluster;

import dev.realtimehub.support.ClusterSupport;
import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.ClusterSupport.member;
import static dev.realtimehub.support.ClusterSupport.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hub nodes in one process on one Redis: what one node stores (history, typing, read receipts, memberships)
 * is what the other serves, and each signal reaches the other node's clients once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class ClusterSemanticsIT {

  private static final int TYPING_TIMEOUT_MS = 1000;

  private final List<TestSocket> sockets = new ArrayList<>();
  private String prefix;
  private TestHub nodeA;
  private TestHub nodeB;

  @BeforeEach
  void start(Vertx vertx) {
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    Map<String, String> env = new HashMap<>(RedisSupport.node(prefix));
    env.put("HUB_TYPING_TIMEOUT_MS", Integer.toString(TYPING_TIMEOUT_MS));
    nodeA = TestHub.start(vertx, env).await();
    nodeB = TestHub.start(vertx, env).await();
  }

  @AfterEach
  void stop(Vertx vertx) {
    ClusterSupport.tearDown(vertx, sockets, prefix, nodeA, nodeB);
  }

  private TestSocket open(TestHub hub, String user, JsonObject claims) {
    TestSocket socket = hub.connect(hub.token(user, claims)).await();
    sockets.add(socket);
    return socket;
  }

  private static Future<TestResponse> get(TestHub hub, String uri) {
    return hub.request("GET", uri, null, TestHub.API_KEY);
  }

  @Test
  void clientOnOtherNodeRecoversFromHistoryAndBothNodesServeTheSameHistory(VertxTestContext ctx) {
    for (int n = 1; n <= 3; n++) {
      assertEquals(200, nodeA.publish(ClusterSupport.message("team.21", "goal", n)).await().status());
    }
    String epoch = get(nodeA, "/api/channels/team.21").await().json().getString("epoch");
    TestSocket bob = open(nodeB, "bob", member(21, "Bob"));
    subscribe(bob, new JsonObject().put("channel", "team.21").put("since", 1).put("epoch", epoch))
      .compose(resumed -> {
        ctx.verify(() -> {
          assertTrue(resumed.getBoolean("recovered"), resumed.encode());
          assertEquals(3L, resumed.getLong("offset"));
          assertEquals(epoch, resumed.getString("epoch"));
        });
        return bob.nextOfType("message");
      })
      .compose(second -> {
        ctx.verify(() -> assertEquals(2, second.getJsonObject("data").getInteger("n"), second.encode()));
        return bob.nextOfType("message");
      })
      .compose(third -> {
        ctx.verify(() -> assertEquals(3L, third.getLong("offset"), third.encode()));
        return Future.all(get(nodeA, "/api/channels/team.21/history"), get(nodeB, "/api/channels/team.21/history"),
          get(nodeA, "/api/channels/team.21/history?since=1&epoch=" + epoch),
          get(nodeB, "/api/channels/team.21/history?since=1&epoch=" + epoch));
      })
      .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
        TestResponse latestA = pages.resultAt(0);
        TestResponse sinceA = pages.resultAt(2);
        assertEquals(200, latestA.status(), latestA.body().toString());
        assertEquals(3, latestA.json().getJsonArray("messages").size(), latestA.body().toString());
        assertEquals(latestA.json(), ((TestResponse) pages.resultAt(1)).json());
        assertTrue(sinceA.json().getBoolean("recovered"), sinceA.body().toString());
        assertEquals(2, sinceA.json().getJsonArray("messages").size(), sinceA.body().toString());
        assertEquals(sinceA.json(), ((TestResponse) pages.resultAt(3)).json());
        ctx.completeNow();
      })));
  }

  @Test
  void typingStartOnOneNodeIsSeenOnTheOtherAndExpiresWithExactlyOneStop(VertxTestContext ctx) {
    TestSocket xena = open(nodeA, "xena", member(22, "Xena"));
    TestSocket yuri = open(nodeB, "yuri", member(22, "Yuri"));
    TestSocket walt = open(nodeA, "walt", member(22, "Walt"));
    JsonObject start = new JsonObject().put("type", "typing").put("channel", "team.22").put("state", "start");
    List<String> afterFirstStop = new ArrayList<>();
    subscribe(xena, "team.22")
      .compose(s -> subscribe(yuri, "team.22"))
      .compose(s -> subscribe(walt, "team.22"))
      .compose(s -> xena.send(start))
      .compose(v -> yuri.nextOfType("typing"))
      .compose(started -> {
        ctx.verify(() -> assertEquals("xena:start", typing(started)));
        return yuri.nextOfType("typing");
      })
      .compose(stopped -> {
        ctx.verify(() -> assertEquals("xena:stop", typing(stopped)));
        // Both nodes sweep every 250 ms; walt's indicator lives a whole timeout, so a second stop would show.
        return walt.send(start);
      })
      .compose(v -> typingUntil(yuri, "walt:stop", afterFirstStop))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertEquals(List.of("walt:start", "walt:stop"), afterFirstStop);
        ctx.completeNow();
      })));
  }

  private static String typing(JsonObject frame) {
    return frame.getJsonObject("user").getString("id") + ":" + frame.getString("state");
  }

  /** Reads typing frames into {@code seen} until {@code last} arrived. */
  private static Future<Void> typingUntil(TestSocket socket, String last, List<String> seen) {
    return socket.nextOfType("typing").compose(frame -> {
      seen.add(typing(frame));
      return last.equals(typing(frame)) ? Future.succeededFuture() : typingUntil(socket, last, seen);
    });
  }

  @Test
  void membershipsAndReadReceiptsAreSharedByTheNodes(VertxTestContext ctx) {
    assertEquals(204, nodeB.request("PUT", "/api/channels/conversation.31/members/alice", null, TestHub.API_KEY)
      .await().status());
    assertEquals(204, nodeA.request("PUT", "/api/channels/conversation.31/members/bob", null, TestHub.API_KEY)
      .await().status());
    assertEquals(200, nodeA.publish(ClusterSupport.message("conversation.31", "said", 1)).await().status());
    TestSocket alice = open(nodeA, "alice", new JsonObject());
    TestSocket bob = open(nodeB, "bob", new JsonObject());
    subscribe(alice, "conversation.31")
      .compose(s -> subscribe(bob, "conversation.31"))
      .compose(s -> alice.request(new JsonObject().put("type", "read").put("channel", "conversation.31")
        .put("offset", 1)))
      .compose(marked -> {
        ctx.verify(() -> assertEquals("marked", marked.getString("type"), marked.encode()));
        return bob.nextOfType("read");
      })
      .compose(read -> {
        ctx.verify(() -> {
          assertEquals("alice", read.getJsonObject("user").getString("id"), read.encode());
          assertEquals(1L, read.getLong("offset"));
        });
        return Future.all(get(nodeB, "/api/channels/conversation.31/reads"),
          bob.request(new JsonObject().put("type", "reads").put("channel", "conversation.31")));
      })
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        JsonObject expected = new JsonObject().put("alice", 1);
        assertEquals(expected, ((TestResponse) reads.resultAt(0)).json().getJsonObject("reads"));
        assertEquals(expected, ((JsonObject) reads.resultAt(1)).getJsonObject("reads"));
        ctx.completeNow();
      })));
  }

  @Test
  void membershipRemovedThroughOneNodeRefusesSubscriptionsOnTheOther(VertxTestContext ctx) {
    TestSocket before = open(nodeB, "carol", new JsonObject());
    TestSocket member = open(nodeB, "carol", new JsonObject());
    TestSocket after = open(nodeA, "carol", new JsonObject());
    String uri = "/api/channels/conversation.32/members/carol";
    ClusterSupport.subscribe(before, new JsonObject().put("channel", "conversation.32"))
      .recover(refused -> Future.succeededFuture(new JsonObject().put("refused", refused.getMessage())))
      .compose(refused -> {
        ctx.verify(() -> assertTrue(refused.getString("refused", "").contains("403"), refused.encode()));
        return nodeA.request("PUT", uri, null, TestHub.API_KEY);
      })
      .compose(added -> subscribe(member, "conversation.32"))
      .compose(subscribed -> nodeB.request("DELETE", uri, null, TestHub.API_KEY))
      .compose(removed -> {
        ctx.verify(() -> assertEquals(204, removed.status()));
        return after.nextOfType("welcome");
      })
      .compose(welcome -> after.subscribe("conversation.32"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals("error", reply.getString("type"), reply.encode());
        assertEquals(403, reply.getInteger("code"));
        ctx.completeNow();
      })));
  }
}
