package dev.realtimehub.pusher.ws;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.PusherSupport.Client;
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

import static dev.realtimehub.support.PusherSupport.SIGNER;
import static dev.realtimehub.support.PusherSupport.data;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Presence channels for Pusher clients: the roster in subscription_succeeded, member events only for a user's first
 * and last connection and never to the joining socket, the signature over the raw channel_data, and the limits.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherPresenceTest {

  private static final String CHANNEL = "presence-team.7";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, PusherSupport.env(Map.of("HUB_APP_MAX_PRESENCE_MEMBERS", "3"))).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  private Client client() {
    return PusherSupport.client(hub, sockets);
  }

  /** A client present in {@link #CHANNEL} as {@code user}; returns it after its subscription_succeeded data. */
  private JsonObject join(Client client, String user) {
    JsonObject reply = PusherSupport.subscribePresence(client.socket(), client.id(), CHANNEL, user,
      new JsonObject().put("name", "N" + user)).await();
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"), reply.encode());
    return data(reply).getJsonObject("presence");
  }

  private void publishMarker(String marker) {
    SemanticsSupport.publish(hub, "team.7", marker, null).await();
  }

  /** The events the socket received before the marker, in order. */
  private static List<String> eventsBeforeMarker(TestSocket socket, String marker) {
    List<String> events = new ArrayList<>();
    JsonObject frame;
    while (!marker.equals((frame = socket.next().await()).getString("event"))) {
      events.add(frame.getString("event") + ":" + frame.getString("data"));
    }
    return events;
  }

  /** Waits until the hub has released closed connections (their presence left) and {@code open} remain. */
  private void awaitPusherConnections(int open) {
    ApiSupport.eventually(hub.vertx(), 5000, () -> io.vertx.core.Future.succeededFuture(
      hub.registry().get("hub_connections").tag("protocol", "pusher").gauge().value() == open)).await();
  }

  @Test
  void rosterAndMemberEventsCountUsersNotConnections() {
    Client alice = client();
    JsonObject first = join(alice, "u1");
    assertEquals(new JsonArray().add("u1"), first.getJsonArray("ids"));
    assertEquals(new JsonObject().put("u1", new JsonObject().put("name", "Nu1")), first.getJsonObject("hash"));
    assertEquals(1, first.getInteger("count"));

    Client bobTab1 = client();
    JsonObject second = join(bobTab1, "u2");
    assertEquals(2, second.getInteger("count"));
    assertEquals(2, second.getJsonArray("ids").size());
    JsonObject added = PusherSupport.nextEvent(alice.socket(), "pusher_internal:member_added").await();
    assertEquals(CHANNEL, added.getString("channel"));
    assertEquals(new JsonObject().put("user_id", "u2").put("user_info", new JsonObject().put("name", "Nu2")),
      data(added));

    Client bobTab2 = client();
    JsonObject third = join(bobTab2, "u2");
    assertEquals(2, third.getInteger("count"), "one entry per user");
    assertEquals(2, third.getJsonArray("ids").size(), third.encode());
    publishMarker("m1");
    assertEquals(List.of(), eventsBeforeMarker(alice.socket(), "m1"), "no member_added for a second connection");
    assertEquals(List.of(), eventsBeforeMarker(bobTab1.socket(), "m1"), "never to the joining socket's user");

    bobTab2.socket().close().await();
    awaitPusherConnections(2);
    publishMarker("m2");
    assertEquals(List.of(), eventsBeforeMarker(alice.socket(), "m2"), "no member_removed while a tab is left");
    bobTab1.socket().close().await();
    JsonObject removed = PusherSupport.nextEvent(alice.socket(), "pusher_internal:member_removed").await();
    assertEquals(new JsonObject().put("user_id", "u2"), data(removed));
  }

  @Test
  void channelDataSerialisedDifferentlyFromWhatWasSignedIsRefused() {
    Client client = client();
    String signed = "{\"user_id\":\"u1\",\"user_info\":{\"name\":\"A\"}}";
    String sent = "{\"user_info\":{\"name\":\"A\"},\"user_id\":\"u1\"}";
    JsonObject reply = PusherSupport.subscribeReply(client.socket(), CHANNEL,
      SIGNER.channelAuth(client.id(), CHANNEL, signed), sent).await();
    assertEquals("pusher:subscription_error", reply.getString("event"), reply.encode());
    assertEquals(401, reply.getJsonObject("data").getInteger("status"));
    JsonObject ok = PusherSupport.subscribeReply(client.socket(), CHANNEL,
      SIGNER.channelAuth(client.id(), CHANNEL, sent), sent).await();
    assertEquals("pusher_internal:subscription_succeeded", ok.getString("event"), ok.encode());
  }

  @Test
  void numericUserIdsAreStringsInTheRoster() {
    Client client = client();
    String channelData = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}";
    JsonObject reply = PusherSupport.subscribeReply(client.socket(), CHANNEL,
      SIGNER.channelAuth(client.id(), CHANNEL, channelData), channelData).await();
    assertEquals(new JsonArray().add("10"), data(reply).getJsonObject("presence").getJsonArray("ids"));
  }

  @Test
  void badPresenceRequestsAreSubscriptionErrors() {
    Client client = client();
    assertStatus(client, "presence-public.x", "{\"user_id\":\"u1\"}", 400);
    assertStatus(client, CHANNEL, null, 401);
    assertStatus(client, CHANNEL, "{\"user_info\":{}}", 400);
    assertStatus(client, CHANNEL, "{\"user_id\":\"\"}", 400);
    assertStatus(client, CHANNEL, "{\"user_id\":\"" + "x".repeat(129) + "\"}", 400);
    assertStatus(client, CHANNEL, "{\"user_id\":\"u1\",\"user_info\":\"text\"}", 400);
    assertStatus(client, CHANNEL, "{\"user_id\":\"u1\",\"user_info\":{\"bio\":\"" + "x".repeat(1100) + "\"}}", 400);
    assertStatus(client, CHANNEL, "[1]", 400);
  }

  private void assertStatus(Client client, String channel, String channelData, int status) {
    String auth = channelData == null ? "" : SIGNER.channelAuth(client.id(), channel, channelData);
    JsonObject reply = PusherSupport.subscribeReply(client.socket(), channel, auth, channelData).await();
    assertEquals("pusher:subscription_error", reply.getString("event"), reply.encode());
    assertEquals(status, reply.getJsonObject("data").getInteger("status"), reply.encode());
  }

  @Test
  void theAppsMemberCapRefusesOneUserMoreButNotAnotherTabOfAMember() {
    for (int user = 1; user <= 3; user++) {
      join(client(), "u" + user);
    }
    Client fourth = client();
    String channelData = "{\"user_id\":\"u4\"}";
    JsonObject refused = PusherSupport.subscribeReply(fourth.socket(), CHANNEL,
      SIGNER.channelAuth(fourth.id(), CHANNEL, channelData), channelData).await();
    assertEquals(429, refused.getJsonObject("data").getInteger("status"), refused.encode());
    assertEquals(3, join(client(), "u1").getInteger("count"));
  }

  @Test
  void nativeMembersAppearInThePusherRosterAndEvents() {
    Client pusher = client();
    join(pusher, "u1");
    TestSocket nativeSocket = hub.connect(hub.token("u9", new JsonObject().put("teams", new JsonArray().add(7))
      .put("name", "Nine"))).await();
    sockets.add(nativeSocket);
    nativeSocket.nextOfType("welcome").await();
    JsonObject subscribed = nativeSocket.subscribe("team.7").await();
    assertEquals(2, subscribed.getInteger("presence_count"), subscribed.encode());
    JsonObject added = PusherSupport.nextEvent(pusher.socket(), "pusher_internal:member_added").await();
    assertEquals(new JsonObject().put("user_id", "u9").put("user_info", new JsonObject().put("name", "Nine")),
      data(added));
  }
}
