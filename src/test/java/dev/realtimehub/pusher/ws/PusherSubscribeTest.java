package dev.realtimehub.pusher.ws;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.PusherSupport.Client;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Public, private and cache subscriptions through the hub core, and the refusals that keep the connection. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherSubscribeTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, PusherSupport.env(Map.of())).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  private Client client() {
    return PusherSupport.client(hub, sockets);
  }

  private void publish(String channel, String event, Object data) {
    assertEquals(200, hub.publish(new JsonObject().put("channel", channel).put("event", event).put("data", data))
      .await().status());
  }

  private static void assertSucceeded(JsonObject reply, String channel) {
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"), reply.encode());
    assertEquals(channel, reply.getString("channel"));
  }

  /** The subscription_error's data object and status. */
  private static JsonObject assertSubscriptionError(JsonObject reply, String channel, int status) {
    assertEquals("pusher:subscription_error", reply.getString("event"), reply.encode());
    assertEquals(channel, reply.getString("channel"));
    JsonObject data = reply.getJsonObject("data");
    assertEquals(status, data.getInteger("status"), reply.encode());
    assertTrue(data.getString("error").length() > 0);
    assertTrue(data.getString("type").length() > 0);
    return data;
  }

  /** The connection is still open and served: a ping gets its pong. */
  private static void assertStillServed(TestSocket socket) {
    PusherSupport.send(socket, "pusher:ping", new JsonObject()).await();
    assertEquals("pusher:pong", PusherSupport.nextEvent(socket, "pusher:pong").await().getString("event"));
  }

  @Test
  void publicChannelReceivesApiPublishWithDataAsAJsonString() {
    Client client = client();
    assertSucceeded(PusherSupport.subscribeReply(client.socket(), "public.news", "", null).await(), "public.news");
    publish("public.news", "headline", new JsonObject().put("title", "Hello"));
    publish("public.news", "plain", "just text");
    JsonObject event = client.socket().next().await();
    assertEquals("headline", event.getString("event"));
    assertEquals("public.news", event.getString("channel"));
    assertEquals(new JsonObject().put("title", "Hello"), data(event));
    assertNull(event.getValue("user_id"));
    JsonObject plain = client.socket().next().await();
    assertEquals("just text", plain.getString("data"), "string data is not encoded twice");
  }

  @Test
  void typeNeedingPermissionIsRefusedWithoutPrefixAndTheConnectionIsKept() {
    Client client = client();
    JsonObject data = assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), "team.7", "", null)
      .await(), "team.7", 403);
    assertEquals("AuthError", data.getString("type"));
    assertTrue(data.getString("error").contains("private-team.7"), data.encode());
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), "cache-team.7", "", null).await(),
      "cache-team.7", 403);
    assertStillServed(client.socket());
  }

  @Test
  void unknownTypesAndBadNamesAreSubscriptionErrors() {
    Client client = client();
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), "private-nosuch.1", "x", null).await(),
      "private-nosuch.1", 404);
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), "bad name!", "", null).await(),
      "bad name!", 400);
    assertStillServed(client.socket());
  }

  @Test
  void privateChannelNeedsTheAppsSignatureForThisSocket() {
    Client client = client();
    Client other = client();
    String channel = "private-team.7";
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), channel, "", null).await(), channel, 401);
    String forOther = SIGNER.channelAuth(other.id(), channel, null);
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), channel, forOther, null).await(),
      channel, 401);
    String wrongKey = "other-key:" + SIGNER.channelAuth(client.id(), channel, null).split(":")[1];
    assertSubscriptionError(PusherSupport.subscribeReply(client.socket(), channel, wrongKey, null).await(),
      channel, 401);
    assertSucceeded(PusherSupport.subscribePrivate(client.socket(), client.id(), channel).await(), channel);
    publish("team.7", "goal", new JsonObject().put("n", 1));
    JsonObject event = client.socket().next().await();
    assertEquals(channel, event.getString("channel"), "events carry the name the client subscribed with");
    assertEquals(new JsonObject().put("n", 1), data(event));
  }

  @Test
  void secondSubscriptionToTheSameHubChannelUnderAnotherNameIsRefused() {
    Client client = client();
    assertSucceeded(PusherSupport.subscribePrivate(client.socket(), client.id(), "private-team.7").await(),
      "private-team.7");
    assertSubscriptionError(PusherSupport.subscribePrivate(client.socket(), client.id(), "private-cache-team.7")
      .await(), "private-cache-team.7", 409);
  }

  @Test
  void unsubscribeStopsDeliveryWithoutAReply() {
    Client client = client();
    assertSucceeded(PusherSupport.subscribeReply(client.socket(), "public.a", "", null).await(), "public.a");
    assertSucceeded(PusherSupport.subscribeReply(client.socket(), "public.b", "", null).await(), "public.b");
    PusherSupport.send(client.socket(), "pusher:unsubscribe", new JsonObject().put("channel", "public.a")).await();
    PusherSupport.send(client.socket(), "pusher:ping", new JsonObject()).await();
    assertEquals("pusher:pong", client.socket().next().await().getString("event"), "no reply to unsubscribe");
    publish("public.a", "gone", 1);
    publish("public.b", "marker", 2);
    JsonObject next = client.socket().next().await();
    assertEquals("marker", next.getString("event"), next.encode());
  }

  @Test
  void cacheChannelStartsWithCacheMissThenWithTheLastEventEvenAfterEveryoneLeft() {
    Client first = client();
    String channel = "cache-public.prices";
    assertSucceeded(PusherSupport.subscribeReply(first.socket(), channel, "", null).await(), channel);
    JsonObject miss = first.socket().next().await();
    assertEquals("pusher:cache_miss", miss.getString("event"));
    assertEquals(channel, miss.getString("channel"));
    first.socket().close().await();
    publish("public.prices", "price", new JsonObject().put("v", 1));
    publish("public.prices", "price", new JsonObject().put("v", 2));
    Client second = client();
    assertSucceeded(PusherSupport.subscribeReply(second.socket(), channel, "", null).await(), channel);
    JsonObject cached = second.socket().next().await();
    assertEquals("price", cached.getString("event"));
    assertEquals(channel, cached.getString("channel"));
    assertEquals(new JsonObject().put("v", 2), data(cached));
    publish("public.prices", "price", new JsonObject().put("v", 3));
    assertEquals(new JsonObject().put("v", 3), data(second.socket().next().await()), "then live, no repeat");
  }

  @Test
  void privateCacheChannelSendsTheLastEventUnderItsOwnName() {
    publish("team.9", "state", new JsonObject().put("s", "on"));
    Client client = client();
    String channel = "private-cache-team.9";
    assertSucceeded(PusherSupport.subscribePrivate(client.socket(), client.id(), channel).await(), channel);
    JsonObject cached = client.socket().next().await();
    assertEquals(channel, cached.getString("channel"));
    assertEquals(new JsonObject().put("s", "on"), data(cached));
  }

  @Test
  void nativeAndPusherClientsOnOneHubChannelBothReceiveOnePublish() {
    Client pusher = client();
    assertSucceeded(PusherSupport.subscribePrivate(pusher.socket(), pusher.id(), "private-team.7").await(),
      "private-team.7");
    TestSocket nativeSocket = hub.connect(hub.token("u1", new JsonObject().put("teams",
      new io.vertx.core.json.JsonArray().add(7)))).await();
    sockets.add(nativeSocket);
    nativeSocket.nextOfType("welcome").await();
    assertEquals("subscribed", nativeSocket.subscribe("team.7").await().getString("type"));
    publish("team.7", "both", new JsonObject().put("x", 1));
    JsonObject viaPusher = pusher.socket().next().await();
    assertEquals("both", viaPusher.getString("event"));
    assertEquals(new JsonObject().put("x", 1), data(viaPusher));
    JsonObject viaNative = nativeSocket.nextOfType("message").await();
    assertEquals("both", viaNative.getString("event"));
    assertEquals(new JsonObject().put("x", 1), viaNative.getJsonObject("data"));
  }
}
