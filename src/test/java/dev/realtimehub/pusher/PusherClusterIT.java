package dev.realtimehub.pusher;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.PusherSupport.Client;
import dev.realtimehub.support.ClusterSupport;
import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.PusherSupport.data;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two hub nodes on one Redis serving Pusher clients: presence rosters, member events, client events and server
 * events cross nodes, because the Pusher adapter only translates and the core does the rest.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PusherClusterIT {

  private static final String CHANNEL = "presence-conversation.3";

  private final List<TestSocket> sockets = new ArrayList<>();
  private String prefix;
  private TestHub nodeA;
  private TestHub nodeB;

  @BeforeEach
  void start(Vertx vertx) {
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    Map<String, String> env = PusherSupport.env(RedisSupport.node(prefix));
    nodeA = TestHub.start(vertx, env).await();
    nodeB = TestHub.start(vertx, env).await();
    for (String user : new String[] {"u1", "u2", "u3"}) {
      SemanticsSupport.addMember(nodeA, "conversation.3", user).await();
    }
  }

  @AfterEach
  void stop(Vertx vertx) {
    ClusterSupport.tearDown(vertx, sockets, prefix, nodeA, nodeB);
  }

  private JsonObject join(Client client, String user) {
    JsonObject reply = PusherSupport.subscribePresence(client.socket(), client.id(), CHANNEL, user,
      new JsonObject().put("name", "N" + user)).await();
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"), reply.encode());
    return data(reply).getJsonObject("presence");
  }

  @Test
  void rosterMemberEventsAndClientEventsCrossNodes() {
    Client onA = PusherSupport.client(nodeA, sockets);
    join(onA, "u1");
    Client onB = PusherSupport.client(nodeB, sockets);
    JsonObject roster = join(onB, "u2");
    assertEquals(2, roster.getInteger("count"), roster.encode());
    assertEquals(new JsonObject().put("name", "Nu1"), roster.getJsonObject("hash").getJsonObject("u1"));
    JsonObject added = PusherSupport.nextEvent(onA.socket(), "pusher_internal:member_added").await();
    assertEquals(new JsonObject().put("user_id", "u2").put("user_info", new JsonObject().put("name", "Nu2")),
      data(added));

    Client secondTabOnA = PusherSupport.client(nodeA, sockets);
    assertEquals(new JsonArray().add("u1").add("u2"), join(secondTabOnA, "u2").getJsonArray("ids"),
      "one entry per user, whichever node holds its connections");

    onB.socket().send(new JsonObject().put("event", "client-note").put("channel", CHANNEL)
      .put("data", new JsonObject().put("t", 1))).await();
    JsonObject note = PusherSupport.nextEvent(onA.socket(), "client-note").await();
    assertEquals("u2", note.getString("user_id"));
    assertEquals(new JsonObject().put("t", 1), data(note));

    onB.socket().close().await();
    secondTabOnA.socket().close().await();
    JsonObject removed = PusherSupport.nextEvent(onA.socket(), "pusher_internal:member_removed").await();
    assertEquals(new JsonObject().put("user_id", "u2"), data(removed));
  }

  @Test
  void serverEventPublishedOnOneNodeReachesPusherClientsOfTheOther() {
    Client onB = PusherSupport.client(nodeB, sockets);
    JsonObject reply = PusherSupport.subscribePrivate(onB.socket(), onB.id(), "private-team.4").await();
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"));
    assertEquals(200, nodeA.publish(new JsonObject().put("channel", "team.4").put("event", "goal")
      .put("data", new JsonObject().put("g", 1))).await().status());
    JsonObject event = onB.socket().next().await();
    assertEquals("private-team.4", event.getString("channel"));
    assertEquals(new JsonObject().put("g", 1), data(event));
  }
}
