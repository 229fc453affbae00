package dev.realtimehub.pusher.ws;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.PusherSupport.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client events: where they are accepted, who gets them, their limits, and typing through client-typing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherClientEventsTest {

  private static final String CONVERSATION = "presence-conversation.5";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  private void start(Vertx vertx, Map<String, String> extra) {
    hub = TestHub.start(vertx, PusherSupport.env(extra)).await();
    SemanticsSupport.addMember(hub, "conversation.5", "u1").await();
    SemanticsSupport.addMember(hub, "conversation.5", "u2").await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    if (hub != null) {
      hub.close().await();
    }
  }

  private Client client() {
    return PusherSupport.client(hub, sockets);
  }

  private Client present(String channel, String user) {
    Client client = client();
    JsonObject reply = PusherSupport.subscribePresence(client.socket(), client.id(), channel, user, new JsonObject())
      .await();
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"), reply.encode());
    return client;
  }

  private static void sendClientEvent(Client client, String channel, String event, Object data) {
    client.socket().send(new JsonObject().put("event", event).put("channel", channel).put("data", data)).await();
  }

  private static JsonObject nextError(Client client) {
    return PusherSupport.nextEvent(client.socket(), "pusher:error").await().getJsonObject("data");
  }

  private void marker(String channel) {
    SemanticsSupport.publish(hub, channel, "marker", null).await();
  }

  @Test
  void clientEventReachesOthersWithUserIdButNotTheSender(Vertx vertx) {
    start(vertx, Map.of());
    Client u1 = present(CONVERSATION, "u1");
    Client u2 = present(CONVERSATION, "u2");
    PusherSupport.nextEvent(u1.socket(), "pusher_internal:member_added").await();
    sendClientEvent(u1, CONVERSATION, "client-note", new JsonObject().put("text", "hi"));
    JsonObject received = u2.socket().next().await();
    assertEquals("client-note", received.getString("event"), received.encode());
    assertEquals(CONVERSATION, received.getString("channel"));
    assertEquals("u1", received.getString("user_id"));
    assertEquals(new JsonObject().put("text", "hi"), data(received));
    marker("conversation.5");
    assertEquals("marker", u1.socket().next().await().getString("event"), "not echoed to the sender");
  }

  @Test
  void nativeSubscribersSeeClientEventsAsMessagesFromTheUser(Vertx vertx) {
    start(vertx, Map.of());
    Client u1 = present(CONVERSATION, "u1");
    TestSocket nativeSocket = hub.connect(hub.token("u2")).await();
    sockets.add(nativeSocket);
    nativeSocket.nextOfType("welcome").await();
    assertEquals("subscribed", nativeSocket.subscribe("conversation.5").await().getString("type"));
    sendClientEvent(u1, CONVERSATION, "client-note", "plain");
    JsonObject message = nativeSocket.nextOfType("message").await();
    assertEquals("client-note", message.getString("event"));
    assertEquals("plain", message.getString("data"));
    assertEquals("u1", message.getString("from"));
  }

  @Test
  void refusedWhereNotAllowedWithAnErrorAndNoClose(Vertx vertx) {
    start(vertx, Map.of());
    Client client = client();
    assertEquals("pusher_internal:subscription_succeeded",
      PusherSupport.subscribeReply(client.socket(), "public.news", "", null).await().getString("event"));
    sendClientEvent(client, "public.news", "client-x", "{}");
    JsonObject publicRefused = nextError(client);
    assertEquals(4303, publicRefused.getInteger("code"));
    assertTrue(publicRefused.getString("message").contains("private and presence"), publicRefused.encode());
    sendClientEvent(client, CONVERSATION, "client-x", "{}");
    assertTrue(nextError(client).getString("message").contains("subscribe to"));
    assertEquals("pusher_internal:subscription_succeeded",
      PusherSupport.subscribePrivate(client.socket(), client.id(), "private-team.7").await().getString("event"));
    sendClientEvent(client, "private-team.7", "client-x", "{}");
    JsonObject typeRefused = nextError(client);
    assertEquals(4303, typeRefused.getInteger("code"), typeRefused.encode());
    assertTrue(typeRefused.getString("message").contains("publish"), typeRefused.encode());
    assertEquals(3.0, hub.registry().get("hub_pusher_client_events_total").tag("outcome", "refused")
      .counter().count());
  }

  @Test
  void disabledClientEventsAreRefused(Vertx vertx) {
    start(vertx, Map.of("HUB_APP_CLIENT_EVENTS", "false"));
    Client u1 = present(CONVERSATION, "u1");
    sendClientEvent(u1, CONVERSATION, "client-x", "{}");
    assertTrue(nextError(u1).getString("message").contains("not enabled"));
  }

  @Test
  void overTheRateGets4301AndTheConnectionStays(Vertx vertx) {
    start(vertx, Map.of("HUB_APP_CLIENT_EVENT_RATE_PER_SECOND", "2"));
    Client u1 = present(CONVERSATION, "u1");
    for (int i = 0; i < 6; i++) {
      sendClientEvent(u1, CONVERSATION, "client-burst", new JsonObject().put("i", i));
    }
    JsonObject error = nextError(u1);
    assertEquals(4301, error.getInteger("code"), error.encode());
    PusherSupport.send(u1.socket(), "pusher:ping", new JsonObject()).await();
    PusherSupport.nextEvent(u1.socket(), "pusher:pong").await();
    assertTrue(hub.registry().get("hub_pusher_client_events_total").tag("outcome", "rate_limited")
      .counter().count() >= 1);
  }

  @Test
  void dataOverTheAppsLimitIsRefused(Vertx vertx) {
    start(vertx, Map.of("HUB_APP_MAX_EVENT_BYTES", "100"));
    Client u1 = present(CONVERSATION, "u1");
    Client u2 = present(CONVERSATION, "u2");
    sendClientEvent(u1, CONVERSATION, "client-big", "x".repeat(101));
    JsonObject error = nextError(u1);
    assertEquals(4303, error.getInteger("code"));
    assertTrue(error.getString("message").contains("100 bytes"), error.encode());
    sendClientEvent(u1, CONVERSATION, "client-small", "x".repeat(100));
    assertEquals("client-small", PusherSupport.nextEvent(u2.socket(), "client-small").await().getString("event"));
  }

  @Test
  void clientTypingOnATypingChannelFeedsTheHubsTypingState(Vertx vertx) {
    start(vertx, Map.of());
    Client u1 = present("presence-team.7", "u1");
    TestSocket nativeSocket = hub.connect(hub.token("u2", new JsonObject().put("teams", new JsonArray().add(7))))
      .await();
    sockets.add(nativeSocket);
    nativeSocket.nextOfType("welcome").await();
    assertEquals("subscribed", nativeSocket.subscribe("team.7").await().getString("type"));
    sendClientEvent(u1, "presence-team.7", "client-typing", new JsonObject().put("typing", true));
    JsonObject typing = nativeSocket.nextOfType("typing").await();
    assertEquals("start", typing.getString("state"), typing.encode());
    assertEquals("u1", typing.getJsonObject("user").getString("id"));
  }
}
