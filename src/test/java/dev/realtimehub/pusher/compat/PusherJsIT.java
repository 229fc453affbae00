package dev.realtimehub.pusher.compat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pusher-js 8, as published on npm, against a live hub: what an app's users see in their browser. */
class PusherJsIT extends CompatTestBase {

  @Test
  void connectsSubscribesToPublicChannelsAndReceivesTriggeredEvents() {
    ScenarioReport report = hub.run("public-channel");
    JsonObject connected = report.step("connected");
    assertTrue(connected.getString("socketId").matches("\\d+\\.\\d+"), connected.encode());
    assertEquals("connected", connected.getString("state"));
    assertTrue(report.step("subscribed").getBoolean("subscribed"));
    assertEquals(new JsonObject().put("title", "hello"), report.step("received").getJsonObject("data"));
    JsonObject both = new JsonObject().put("n", 2);
    assertEquals(new JsonArray().add(both).add(both), report.step("multi").getJsonArray("data"));
    assertEquals(new JsonObject().put("v", "delivered"), report.step("exclusion").getJsonObject("firstUpdate"),
      "the event triggered with the client's own socket_id reached it");
    report.assertDone();
  }

  @Test
  void privateAndPresenceChannelsAuthorizedByTheHubShowMembersJoiningAndLeaving() {
    ScenarioReport report = hub.run("presence");
    assertTrue(report.step("private").getBoolean("subscribed"));
    JsonObject aliceJoined = report.step("alice-joined");
    assertRoster(aliceJoined, "alice", List.of("alice"));
    assertEquals(new JsonObject().put("name", "Alice"), aliceJoined.getJsonObject("me").getJsonObject("info"),
      "user_info is built from the token's name claim");
    assertRoster(report.step("bob-joined"), "bob", List.of("alice", "bob"));
    JsonObject added = report.step("alice-saw-member-added");
    assertEquals(new JsonObject().put("id", "bob").put("info", new JsonObject().put("name", "Bob")),
      added.getJsonObject("member"));
    assertRoster(added.getJsonObject("roster"), "alice", List.of("alice", "bob"));
    JsonObject removed = report.step("alice-saw-member-removed");
    assertEquals("bob", removed.getJsonObject("member").getString("id"));
    assertRoster(removed.getJsonObject("roster"), "alice", List.of("alice"));
    report.assertDone();
  }

  @Test
  void cacheChannelsGiveCacheMissThenTheLastEvent() {
    ScenarioReport report = hub.run("cache-channel");
    assertNotNull(report.step("cache-miss"));
    assertEquals(new JsonObject().put("v", 1), report.step("live").getJsonObject("data"));
    assertEquals(new JsonObject().put("v", 2), report.step("cached").getJsonObject("data"));
    assertEquals(new JsonObject().put("s", "kept"), report.step("cached-without-subscribers").getJsonObject("data"));
    report.assertDone();
  }

  @Test
  void clientEventsReachTheOtherMemberWithTheSendersUserIdAreNotEchoedAndAreRateLimited() {
    ScenarioReport report = hub.run("client-events");
    JsonObject atBob = report.step("bob-received");
    assertTrue(atBob.getBoolean("triggered"));
    assertEquals(new JsonObject().put("text", "hi bob"), atBob.getJsonObject("data"));
    assertEquals("alice", atBob.getJsonObject("metadata").getString("user_id"));
    JsonObject atAlice = report.step("alice-received");
    assertEquals(new JsonObject().put("text", "hi alice"), atAlice.getJsonObject("data"));
    assertEquals("bob", atAlice.getJsonObject("metadata").getString("user_id"));
    assertEquals(new JsonArray().add("client-reply"), atAlice.getJsonArray("aliceSaw"),
      "alice saw her own client event");
    JsonObject limited = report.step("rate-limited");
    assertEquals(4301, limited.getJsonObject("error").getJsonObject("data").getInteger("code"), limited.encode());
    assertEquals("connected", limited.getString("state"));
    assertEquals(new JsonObject().put("ok", true), limited.getJsonObject("after"));
    report.assertDone();
  }

  @Test
  void signedInUsersReceiveSendToUserAndLoseTheirConnectionsWhenTerminated() {
    ScenarioReport report = hub.run("signin");
    JsonObject alice = report.step("alice-signed-in");
    assertEquals("alice", alice.getJsonObject("userData").getString("id"));
    assertEquals("#server-to-user-alice", alice.getString("channel"));
    assertEquals(new JsonObject().put("text", "for alice"), report.step("alice-received").getJsonObject("data"));
    JsonObject terminated = report.step("alice-terminated");
    JsonArray states = terminated.getJsonArray("states");
    assertEquals("disconnected", states.getString(0), "pusher-js should stop, not reconnect: " + terminated);
    int code = terminated.getJsonArray("errors").getJsonObject(0).getJsonObject("data").getInteger("code");
    assertTrue(code >= 4000 && code < 4100, "a code that tells pusher-js not to reconnect: " + terminated);
    JsonObject bob = report.step("bob-still-connected");
    assertEquals("connected", bob.getString("state"));
    assertEquals(new JsonObject().put("text", "for bob"), bob.getJsonObject("data"));
    report.assertDone();
  }

  @Test
  void refusedSubscriptionsGiveSubscriptionErrorAndKeepTheConnection() {
    ScenarioReport report = hub.run("refused");
    JsonObject byEndpoint = report.step("auth-endpoint-refused");
    assertFalse(byEndpoint.getBoolean("subscribed"));
    assertEquals("AuthError", byEndpoint.getJsonObject("error").getString("type"));
    assertEquals(403, byEndpoint.getJsonObject("error").getInteger("status"));
    assertRefusedByHub(report.step("unprefixed-refused"), 403);
    assertRefusedByHub(report.step("forged-signature-refused"), 401);
    JsonObject after = report.step("still-connected");
    assertEquals("connected", after.getString("state"));
    assertEquals("connected", after.getString("forgerState"));
    assertTrue(after.getBoolean("subscribed"));
    report.assertDone();
  }

  /** The hub's own pusher:subscription_error, in the shape pusher-js documents for its auth errors. */
  private static void assertRefusedByHub(JsonObject refused, int status) {
    assertFalse(refused.getBoolean("subscribed"), refused.encode());
    JsonObject error = refused.getJsonObject("error");
    assertEquals("AuthError", error.getString("type"), refused.encode());
    assertEquals(status, error.getInteger("status"), refused.encode());
    assertFalse(error.getString("error").isEmpty(), refused.encode());
  }

  private static void assertRoster(JsonObject roster, String me, List<String> ids) {
    assertEquals(me, roster.getJsonObject("me").getString("id"), roster.encode());
    assertEquals(ids.size(), roster.getInteger("count"), roster.encode());
    assertEquals(new JsonArray(ids), roster.getJsonArray("ids"), roster.encode());
  }
}
