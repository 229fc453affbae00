package dev.realtimehub.cluster;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.ClusterSupport;
import dev.realtimehub.support.HubProcess;
import dev.realtimehub.support.PublishLoop;
import dev.realtimehub.support.RedisServerControl;
import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.ClusterSupport.member;
import static dev.realtimehub.support.ClusterSupport.memberIds;
import static dev.realtimehub.support.ClusterSupport.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hub nodes as separate processes on loopback ports, joined through one Redis. The nodes start once for
 * the class and the tests run in order, because the last two are destructive: node 2 is killed, then Redis is
 * restarted under nodes 1 and 3. A failed test prints the nodes' logs.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MultiNodeIT {

  private static final int TTL_SECONDS = 3;

  @RegisterExtension
  final TestWatcher printLogsOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      printLogs();
    }
  };

  private final List<TestSocket> sockets = new CopyOnWriteArrayList<>();
  private PublishLoop loop;
  private final List<HubProcess> nodes = new ArrayList<>();
  private String prefix;
  private HubProcess node1;
  private HubProcess node2;
  private HubProcess node3;

  @BeforeAll
  void startNodes(Vertx vertx) {
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    // Three JVMs start at once on a small machine: their first Redis call gets more than the default 2 s.
    Map<String, String> env = Map.of("HUB_REDIS_URL", RedisSupport.URL, "HUB_REDIS_PREFIX", prefix,
      "HUB_REDIS_PRESENCE_TTL_SECONDS", Integer.toString(TTL_SECONDS), "HUB_REDIS_TIMEOUT_MS", "5000");
    node1 = HubProcess.start(vertx, "1", env);
    node2 = HubProcess.start(vertx, "2", env);
    node3 = HubProcess.start(vertx, "3", env);
    nodes.addAll(List.of(node1, node2, node3));
    try {
      Future.all(node1.awaitReady(vertx, 45_000), node2.awaitReady(vertx, 45_000), node3.awaitReady(vertx, 45_000))
        .await();
    } catch (RuntimeException e) {
      printLogs();
      throw e;
    }
  }

  @AfterEach
  void closeClients(Vertx vertx) {
    if (loop != null) {
      loop.stop().await();
    }
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    sockets.clear();
    RedisServerControl.ensureUp(vertx).await();
  }

  @AfterAll
  void stopNodes(Vertx vertx) throws Exception {
    RedisServerControl.ensureUp(vertx).await();
    for (HubProcess node : nodes) {
      node.stop();
      node.deleteLog();
    }
    if (prefix != null) {
      RedisSupport.deleteKeys(vertx, prefix).await();
    }
  }

  private void printLogs() {
    nodes.forEach(HubProcess::printLog);
  }

  /** Connects {@code user} to {@code node} (setup, on the test thread). */
  private TestSocket open(HubProcess node, String user, JsonObject claims) {
    TestSocket socket = node.connect(node.token(user, claims)).await();
    sockets.add(socket);
    return socket;
  }

  @Test
  @Order(1)
  void subscriberOnNode1ReceivesPublishMadeThroughNode3(VertxTestContext ctx) {
    TestSocket alice = open(node1, "alice", member(11, "Alice"));
    subscribe(alice, "team.11")
      .compose(subscribed -> node3.publish(ClusterSupport.message("team.11", "goal", 1)))
      .compose(published -> {
        ctx.verify(() -> assertEquals(200, published.status(), published.body().toString()));
        return alice.nextOfType("message");
      })
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("team.11", message.getString("channel"));
        assertEquals("goal", message.getString("event"));
        assertEquals(1, message.getJsonObject("data").getInteger("n"));
        assertEquals(1L, message.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  @Order(2)
  void presenceIsIdenticalFromEveryNode(VertxTestContext ctx) {
    TestSocket ann = open(node1, "ann", member(7, "Ann"));
    TestSocket bob = open(node2, "bob", member(7, "Bob"));
    TestSocket cat = open(node3, "cat", member(7, "Cat"));
    subscribe(ann, "team.7")
      .compose(s -> subscribe(bob, "team.7"))
      .compose(s -> subscribe(cat, "team.7"))
      .compose(s -> Future.all(node1.presence("team.7"), node2.presence("team.7"), node3.presence("team.7")))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        List<TestResponse> rosters = all.list();
        for (TestResponse roster : rosters) {
          assertEquals(200, roster.status(), roster.body().toString());
          assertEquals(3, roster.json().getInteger("count"), roster.body().toString());
          assertEquals(Set.of("ann", "bob", "cat"), memberIds(roster), roster.body().toString());
        }
        assertEquals(ClusterSupport.members(rosters.get(0)), ClusterSupport.members(rosters.get(1)));
        assertEquals(ClusterSupport.members(rosters.get(0)), ClusterSupport.members(rosters.get(2)));
        assertTrue(ClusterSupport.members(rosters.get(0)).contains("{\"id\":\"bob\",\"name\":\"Bob\"}"),
          rosters.get(0).body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  @Order(3)
  void membersOfANodeKilledWithSigkillLeaveEverywhereWithinTheTtl(Vertx vertx, VertxTestContext ctx) {
    TestSocket ann = open(node1, "ann", member(8, "Ann"));
    TestSocket dan = open(node2, "dan", member(8, "Dan"));
    TestSocket eve = open(node2, "eve", member(8, "Eve"));
    TestSocket fayOn1 = open(node1, "fay", member(8, "Fay"));
    TestSocket fayOn2 = open(node2, "fay", member(8, "Fay"));
    subscribe(ann, "team.8")
      .compose(s -> subscribe(dan, "team.8"))
      .compose(s -> subscribe(eve, "team.8"))
      .compose(s -> subscribe(fayOn1, "team.8"))
      .compose(s -> subscribe(fayOn2, "team.8"))
      .compose(s -> node3.presence("team.8"))
      .compose(before -> {
        ctx.verify(() -> assertEquals(Set.of("ann", "dan", "eve", "fay"), memberIds(before), before.body().toString()));
        return vertx.executeBlocking(node2::kill);
      })
      .compose(exit -> {
        ctx.verify(() -> {
          assertEquals(137, exit, "exit status of SIGKILL (128 + 9)");
          assertFalse(node2.log().contains("shutdown requested"), "no shutdown hook ran");
        });
        return ClusterSupport.leaves(ann, new HashSet<>(Set.of("dan", "eve")))
          .timeout(3 * TTL_SECONDS, TimeUnit.SECONDS);
      })
      .compose(left -> ApiSupport.eventually(vertx, 3_000L * TTL_SECONDS, () -> rosters("team.8")
        .map(rosters -> rosters.stream().allMatch(roster -> memberIds(roster).equals(Set.of("ann", "fay"))))))
      .compose(v -> rosters("team.8"))
      .onComplete(ctx.succeeding(rosters -> ctx.verify(() -> {
        for (TestResponse roster : rosters) {
          assertEquals(2, roster.json().getInteger("count"), roster.body().toString());
        }
        ctx.completeNow();
      })));
  }

  /** The presence of a channel as nodes 1 and 3 report it. */
  private Future<List<TestResponse>> rosters(String channel) {
    return Future.all(node1.presence(channel), node3.presence(channel)).map(all -> all.list());
  }

  @Test
  @Order(4)
  void redisRestartMidStreamNeverLeavesAnUntoldGap(Vertx vertx, VertxTestContext ctx) {
    TestSocket zoe = open(node1, "zoe", new JsonObject());
    loop = new PublishLoop(vertx, node3, "user.zoe", 2, 3);
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    subscribe(zoe, "user.zoe")
      .compose(subscribed -> {
        ClusterSupport.collect(zoe, Integer.MAX_VALUE, received);
        loop.start();
        return ApiSupport.eventually(vertx, 5_000, () -> Future.succeededFuture(loop.accepted().size() >= 3));
      })
      .compose(v -> RedisServerControl.shutdown(vertx))
      .compose(v -> ApiSupport.eventually(vertx, 5_000, () -> Future.succeededFuture(loop.count(503) > 0)))
      .compose(v -> Future.all(node3.publish(ClusterSupport.message("user.zoe", "lost", 0)),
        node1.request("GET", "/health/ready", null, null), node3.request("GET", "/health/ready", null, null)))
      .compose(outage -> {
        ctx.verify(() -> assertRedisDown(outage.resultAt(0), outage.resultAt(1), outage.resultAt(2)));
        return RedisServerControl.ensureUp(vertx);
      })
      // Publishing goes on until node 1 is back and has decided for its client: closed, or live in the new epoch.
      .compose(v -> ApiSupport.eventually(vertx, 15_000, () -> Future.succeededFuture(zoe.closed().isComplete()
        || received.stream().anyMatch(m -> !m.getString("epoch").equals(loop.accepted().get(0).epoch())))))
      .compose(v -> loop.stop())
      .compose(v -> ApiSupport.eventually(vertx, 5_000, () -> Future.succeededFuture(zoe.closed().isComplete()
          || received.size() >= loop.accepted().size()))
        .otherwiseEmpty())
      .compose(v -> toldOrComplete(zoe, ClusterSupport.positions(received), loop.accepted()))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static void assertRedisDown(TestResponse publish, TestResponse ready1, TestResponse ready3) {
    assertEquals(503, publish.status(), publish.body().toString());
    assertEquals("unavailable", publish.errorCode());
    assertEquals("1", publish.headers().get("Retry-After"));
    assertEquals(503, ready1.status(), ready1.body().toString());
    assertEquals("DEPENDENCY_DOWN", ready1.json().getString("status"));
    assertEquals(503, ready3.status(), ready3.body().toString());
  }

  /**
   * Either the client received every accepted message in order, or it was closed with 4510 after an in-order
   * prefix of them and, resuming from its last position on a new connection, is told {@code recovered:false}
   * and then receives what is published next.
   */
  private Future<Void> toldOrComplete(TestSocket zoe, List<String> got, List<PublishLoop.Accepted> accepted) {
    List<String> sent = accepted.stream().map(PublishLoop.Accepted::position).toList();
    if (got.equals(sent)) {
      System.out.println("redis restart: the client received all " + sent.size() + " accepted messages in order");
      return Future.succeededFuture();
    }
    String untold = "untold gap: the client received " + got + " but the hub accepted " + sent;
    boolean prefix = got.size() <= sent.size() && sent.subList(0, got.size()).equals(got);
    return zoe.closed()
      .timeout(3, TimeUnit.SECONDS)
      .recover(open -> Future.failedFuture(untold + ", and the connection stayed open"))
      .compose(code -> {
        System.out.println("redis restart: the client was closed with " + code + " after " + got.size() + " of "
          + sent.size() + " accepted messages");
        return code == 4510 && prefix ? resume(got, accepted)
          : Future.failedFuture(untold + ", then was closed with " + code);
      });
  }

  /** Resubscribes from the last position received and expects {@code recovered:false}, then live messages. */
  private Future<Void> resume(List<String> got, List<PublishLoop.Accepted> accepted) {
    String[] last = got.isEmpty() ? new String[] {accepted.get(0).epoch(), "0"} : got.get(got.size() - 1).split(":");
    PublishLoop.Accepted newest = accepted.get(accepted.size() - 1);
    return node1.connect(node1.token("zoe", new JsonObject()))
      .compose(again -> {
        sockets.add(again);
        return subscribe(again, new JsonObject().put("channel", "user.zoe").put("since", Long.parseLong(last[1]))
          .put("epoch", last[0])).map(resumed -> Map.entry(again, resumed));
      })
      .compose(entry -> {
        JsonObject resumed = entry.getValue();
        if (resumed.getBoolean("recovered", true) || !newest.epoch().equals(resumed.getString("epoch"))
          || resumed.getLong("offset") != newest.offset()) {
          return Future.failedFuture("resuming after 4510 should say recovered:false at " + newest + ": "
            + resumed.encode());
        }
        return node3.publish(ClusterSupport.message("user.zoe", "after", 0))
          .compose(published -> entry.getKey().next(frame -> "after".equals(frame.getString("event"))));
      })
      .compose(message -> message.getLong("offset") == newest.offset() + 1 ? Future.succeededFuture()
        : Future.failedFuture("expected the next offset after " + newest + ": " + message.encode()));
  }
}
