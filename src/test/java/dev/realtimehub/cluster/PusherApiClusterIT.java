package dev.realtimehub.cluster;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.HubProcess;
import dev.realtimehub.support.PusherRest;
import dev.realtimehub.support.ClusterSupport;
import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import dev.realtimehub.support.WebhookReceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hub nodes on one Redis serving one Pusher app: counts and channel lists are the cluster's, occupancy and
 * member webhooks are sent once, triggers and terminate_connections reach the other node's connections.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class PusherApiClusterIT {

  private static final String APP_ID = "501";
  private static final String KEY = "cluster-key";
  private static final String SECRET = "cluster-secret-0123456789";
  private static final long EVENTUALLY_MS = 10_000;

  private final List<TestSocket> sockets = new ArrayList<>();
  private String prefix;
  private WebhookReceiver receiver;
  private Map<String, String> env;
  private TestHub nodeA;
  private TestHub nodeB;
  private PusherRest restA;
  private PusherRest restB;

  @BeforeEach
  void start(Vertx vertx) {
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    receiver = new WebhookReceiver(KEY, SECRET).start(vertx).await();
    env = new HashMap<>(RedisSupport.node(prefix));
    env.putAll(Map.of("HUB_APP_ID", APP_ID, "HUB_APP_KEY", KEY, "HUB_APP_SECRET", SECRET,
      "HUB_APP_WEBHOOK_URL", receiver.url(), "HUB_PUSHER_WEBHOOK_BATCH_MS", "20",
      "HUB_PUSHER_WEBHOOK_VACATE_DELAY_MS", "300", "HUB_REDIS_PRESENCE_TTL_SECONDS", "3"));
    nodeA = TestHub.start(vertx, env).await();
    nodeB = TestHub.start(vertx, env).await();
    restA = new PusherRest(nodeA.vertx(), nodeA.http(), APP_ID, KEY, SECRET);
    restB = new PusherRest(nodeB.vertx(), nodeB.http(), APP_ID, KEY, SECRET);
  }

  @AfterEach
  void stop(Vertx vertx) {
    ClusterSupport.tearDown(vertx, sockets, prefix, nodeA, nodeB);
    if (receiver != null) {
      receiver.close().await();
    }
  }

  private TestSocket subscribed(TestHub hub, String user, String channel) {
    String token = user == null ? null : hub.token(user, new JsonObject().put("teams", new JsonArray().add(7)));
    TestSocket socket = hub.connect(token).await();
    sockets.add(socket);
    JsonObject reply = socket.subscribe(channel).await();
    assertEquals("subscribed", reply.getString("type"), reply.encode());
    return socket;
  }

  /** Polls {@code path} until it answers {@code expected}; counts from other nodes arrive eventually. */
  private static Future<Void> eventually(Vertx vertx, PusherRest rest, String path, Map<String, String> params,
                                         JsonObject expected) {
    return ApiSupport.eventually(vertx, EVENTUALLY_MS, () -> rest.get(path, params).map(r -> r.json().equals(expected)))
      .recover(e -> rest.get(path, params).compose(last -> Future.failedFuture("expected " + expected.encode()
        + " from " + path + ", last answer " + last.body())));
  }

  @Test
  void countsAndChannelListsAreTheClustersFromEitherNode(Vertx vertx) {
    subscribed(nodeA, "u1", "team.7");
    subscribed(nodeB, "u2", "team.7");
    subscribed(nodeB, "u2", "team.7");
    subscribed(nodeA, null, "public.a");
    subscribed(nodeB, null, "public.a");
    Map<String, String> info = Map.of("info", "user_count,subscription_count");
    JsonObject team = new JsonObject().put("occupied", true).put("user_count", 2).put("subscription_count", 3);
    for (PusherRest rest : new PusherRest[] {restA, restB}) {
      eventually(vertx, rest, "/channels/presence-team.7", info, team).await();
      eventually(vertx, rest, "/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"),
        new JsonObject().put("channels", new JsonObject().put("presence-team.7", new JsonObject()
          .put("user_count", 2)))).await();
      eventually(vertx, rest, "/channels", Map.of("info", "subscription_count"),
        new JsonObject().put("channels", new JsonObject()
          .put("presence-team.7", new JsonObject().put("subscription_count", 3))
          .put("public.a", new JsonObject().put("subscription_count", 2)))).await();
    }
    ApiSupport.eventually(vertx, EVENTUALLY_MS, () -> nodeB.request("GET", "/api/channels/public.a", null,
      TestHub.API_KEY).map(r -> r.json().getInteger("subscribers") == 2)).await();
  }

  @Test
  void occupancyAndMemberWebhooksAreSentOncePerCluster(Vertx vertx) {
    TestSocket a = subscribed(nodeA, "u1", "team.7");
    TestSocket b = subscribed(nodeB, "u1", "team.7");
    a.close().compose(v -> b.close()).await();
    receiver.next(e -> e.getString("name").equals("channel_vacated")).await();
    // Whatever either node would still send about team.7 was batched before this marker's events.
    TestSocket marker = subscribed(nodeB, null, "public.marker");
    marker.close().await();
    receiver.next(e -> e.equals(new JsonObject().put("name", "channel_vacated").put("channel", "public.marker")))
      .await();
    List<JsonObject> team = new ArrayList<>();
    receiver.deliveries().forEach(d -> d.body().getJsonArray("events").forEach(e -> {
      if (((JsonObject) e).getString("channel").equals("presence-team.7")) {
        team.add((JsonObject) e);
      }
    }));
    JsonObject channel = new JsonObject().put("channel", "presence-team.7");
    assertEquals(List.of(channel.copy().put("name", "channel_occupied"),
      channel.copy().put("name", "member_added").put("user_id", "u1"),
      channel.copy().put("name", "member_removed").put("user_id", "u1"),
      channel.copy().put("name", "channel_vacated")), team.stream().map(e -> new JsonObject()
      .put("channel", e.getString("channel")).put("name", e.getString("name"))
      .mergeIn(e.containsKey("user_id") ? new JsonObject().put("user_id", e.getString("user_id")) : new JsonObject()))
      .sorted((x, y) -> order(x) - order(y)).toList());
    assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::signatureValid));
  }

  private static int order(JsonObject event) {
    return List.of("channel_occupied", "member_added", "member_removed", "channel_vacated")
      .indexOf(event.getString("name"));
  }

  @Test
  void aChannelLeftOnOneNodeAndJoinedOnTheOtherWithinTheDelayIsNeverVacated() {
    TestSocket onA = subscribed(nodeA, null, "public.moving");
    receiver.next(new JsonObject().put("name", "channel_occupied").put("channel", "public.moving")::equals).await();
    onA.close().await();
    subscribed(nodeB, null, "public.moving");
    TestSocket marker = subscribed(nodeA, null, "public.marker2");
    marker.close().await();
    JsonObject next = receiver.next(e -> !e.getString("channel").equals("public.marker2")
      || e.getString("name").equals("channel_vacated")).await();
    assertEquals(new JsonObject().put("name", "channel_vacated").put("channel", "public.marker2"), next);
  }

  @Test
  void aNodeStoppingWithTheLastSubscriberVacatesTheChannel(Vertx vertx) {
    subscribed(nodeB, null, "public.stopping");
    JsonObject channel = new JsonObject().put("channel", "public.stopping");
    receiver.next(channel.copy().put("name", "channel_occupied")::equals).await();
    vertx.undeploy(nodeB.verticle().deploymentID()).await();
    // Its counts left the totals as it stopped; the vacate it saw settles in Redis and another node announces it.
    assertEquals(new JsonObject().put("occupied", false), restA.get("/channels/public.stopping", Map.of()).await()
      .json());
    receiver.next(channel.copy().put("name", "channel_vacated")::equals).await();
  }

  @Test
  void aTriggerOnOneNodeReachesTheOtherNodesSubscribersExceptTheNamedSocket() {
    TestSocket excluded = nodeB.connect((String) null).await();
    sockets.add(excluded);
    String session = excluded.nextOfType("welcome").await().getString("session");
    assertEquals("subscribed", excluded.subscribe("public.t").await().getString("type"));
    TestSocket other = subscribed(nodeB, null, "public.t");
    JsonObject first = new JsonObject().put("name", "first").put("data", "1").put("channel", "public.t")
      .put("socket_id", session);
    assertEquals(200, restA.post("/events", first).await().status());
    assertEquals(200, restA.post("/events", first.copy().put("name", "second").put("data", "2")
      .putNull("socket_id")).await().status());
    assertEquals("first", other.nextOfType("message").await().getString("event"));
    assertEquals("second", excluded.nextOfType("message").await().getString("event"));
  }

  @Test
  void terminateConnectionsOnOneNodeClosesTheUsersConnectionsOnTheOther() {
    TestSocket onB = subscribed(nodeB, "u9", "team.7");
    TestSocket bystander = subscribed(nodeB, "u8", "team.7");
    assertEquals(200, restA.post("/users/u9/terminate_connections", new JsonObject()).await().status());
    assertEquals((short) 4403, onB.closed().await());
    assertEquals("pong", bystander.request(new JsonObject().put("type", "ping")).await().getString("type"));
  }

  @Test
  void aKilledNodesSubscriptionsLeaveTheCountsAndItsChannelsAreVacated(Vertx vertx) throws Exception {
    HubProcess node = HubProcess.start(vertx, "pusher-killed", env);
    try {
      node.awaitReady(vertx, 30_000).await();
      TestSocket socket = node.connect(node.token("k1", new JsonObject())).await();
      assertEquals("subscribed", socket.subscribe("public.k").await().getString("type"));
      JsonObject channel = new JsonObject().put("channel", "public.k");
      receiver.next(channel.copy().put("name", "channel_occupied")::equals).await();
      eventually(vertx, restA, "/channels/public.k", Map.of("info", "subscription_count"),
        new JsonObject().put("occupied", true).put("subscription_count", 1)).await();
      node.kill();
      receiver.next(channel.copy().put("name", "channel_vacated")::equals).await();
      assertEquals(new JsonObject().put("occupied", false), restA.get("/channels/public.k", Map.of()).await().json());
    } finally {
      node.stop();
      node.deleteLog();
    }
  }
}
