package dev.realtimehub.pusher.compat;

import dev.realtimehub.support.RedisSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** pusher-js and the server SDK against two hub nodes sharing Redis, each client on a different node. */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class PusherClusterCompatIT {

  private static final String TEAM = "presence-team." + CompatHub.TEAM;

  private String prefix;
  private CompatHub cluster;

  @BeforeEach
  void start(Vertx vertx) {
    NodeScenarios.requireNode();
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    cluster = CompatHub.start(vertx, 2, RedisSupport.node(prefix));
  }

  @AfterEach
  void stop(Vertx vertx) {
    if (cluster != null) {
      cluster.close().await();
    }
    if (prefix != null) {
      RedisSupport.stopNodes(vertx).await();
      RedisSupport.deleteKeys(vertx, prefix).await();
    }
  }

  @Test
  void presenceTriggersChannelInfoAndClientEventsCrossNodesAndWebhooksAreSentOnce() {
    ScenarioReport report = cluster.run("cluster");
    JsonObject presence = report.step("presence");
    assertEquals(2, presence.getInteger("bobSees"), presence.encode());
    assertEquals("bob", presence.getString("aliceSaw"));
    assertEquals(new JsonObject().put("from", "second node"), report.step("trigger").getJsonObject("data"));
    JsonObject counts = new JsonObject().put("occupied", true).put("user_count", 2).put("subscription_count", 2);
    JsonObject info = report.step("channel-info");
    assertEquals(counts, info.getJsonObject("first"), "channel info from the first node");
    assertEquals(counts, info.getJsonObject("second"), "channel info from the second node");
    JsonObject clientEvent = report.step("client-event");
    assertEquals(new JsonObject().put("text", "across nodes"), clientEvent.getJsonObject("data"));
    assertEquals("bob", clientEvent.getJsonObject("metadata").getString("user_id"));
    assertEquals("bob", report.step("member-removed").getString("id"));
    report.assertDone();

    // The last webhooks of the run: channel_vacated from the node that saw the channel empty, and bob's
    // member_removed, held 3 s by the other node, whose batch may come after it. Once both are in, every node has
    // had its chance to send a duplicate of the others.
    cluster.webhooks().until(events -> names(events).contains("channel_vacated " + TEAM)
      && Collections.frequency(names(events), "member_removed " + TEAM) >= 2, 20).await();
    List<String> names = names(cluster.webhooks().events());
    for (String once : List.of("channel_occupied " + TEAM, "member_added " + TEAM, "member_removed " + TEAM,
      "channel_vacated " + TEAM)) {
      int expected = once.startsWith("member_") ? 2 : 1;
      assertEquals(expected, Collections.frequency(names, once), once + " in " + names);
    }
  }

  private static List<String> names(List<JsonObject> events) {
    return events.stream().map(event -> event.getString("name") + " " + event.getString("channel")).toList();
  }
}
