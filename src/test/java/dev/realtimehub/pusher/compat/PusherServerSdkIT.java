package dev.realtimehub.pusher.compat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node server SDK (npm {@code pusher}), as published, against a live hub: the HTTP API calls an app's back end
 * makes, and the SDK's own verifier on the webhooks the hub sends.
 */
class PusherServerSdkIT extends CompatTestBase {

  private static final String PRESENCE = "presence-team." + CompatHub.TEAM;

  @Test
  void batchTriggersAndChannelQueriesAnswerAsPusherDoes() {
    ScenarioReport report = hub.run("server-sdk");
    String open = report.step("public-channel").getString("channel");

    JsonObject batch = report.step("batch");
    assertEquals(200, batch.getJsonObject("response").getInteger("status"));
    assertEquals(new JsonArray().add(new JsonObject().put("i", 1)).add(new JsonObject().put("i", 2)),
      batch.getJsonArray("received"));
    JsonArray batchInfo = batch.getJsonObject("response").getJsonObject("body").getJsonArray("batch");
    assertEquals(new JsonObject(), batchInfo.getJsonObject(0), batchInfo.encode());
    assertEquals(2, batchInfo.getJsonObject(1).getInteger("user_count"), batchInfo.encode());

    JsonObject info = body(report, "trigger-info").getJsonObject("channels").getJsonObject(PRESENCE);
    assertEquals(new JsonObject().put("user_count", 2).put("subscription_count", 2), info);

    Set<String> channels = body(report, "channels").getJsonObject("channels").fieldNames();
    assertTrue(channels.containsAll(List.of(PRESENCE, open)), channels.toString());
    assertEquals(new JsonObject().put(PRESENCE, new JsonObject().put("user_count", 2)),
      body(report, "presence-channels").getJsonObject("channels"));

    JsonObject presence = body(report, "presence-channel");
    assertEquals(true, presence.getBoolean("occupied"), presence.encode());
    assertEquals(2, presence.getInteger("user_count"), presence.encode());
    assertEquals(2, presence.getInteger("subscription_count"), presence.encode());
    JsonObject publicChannel = body(report, "public-channel");
    assertEquals(true, publicChannel.getBoolean("occupied"), publicChannel.encode());
    assertEquals(1, publicChannel.getInteger("subscription_count"), publicChannel.encode());
    assertEquals(false, body(report, "empty-channel").getBoolean("occupied"));

    Set<String> users = body(report, "users").getJsonArray("users").stream()
      .map(user -> ((JsonObject) user).getString("id"))
      .collect(Collectors.toSet());
    assertEquals(Set.of("alice", "bob"), users);
    assertEquals(400, report.step("bad-request").getInteger("status"), "users of a channel without presence");
    assertEquals(413, report.step("too-large").getInteger("status"), "data over the default 10 KB");
    assertEquals(401, report.step("wrong-secret").getInteger("status"), "a request signed with another secret");
    report.assertDone();
  }

  @Test
  void signaturesOfAnAppsOwnAuthEndpointAreAcceptedAndEncryptedEventsArriveDecryptable() {
    ScenarioReport report = hub.run("app-auth");
    assertTrue(report.step("private").getBoolean("subscribed"));
    JsonObject presence = report.step("presence");
    assertEquals(new JsonObject().put("id", "carol").put("info", new JsonObject().put("name", "Carol")),
      presence.getJsonObject("me"));
    assertEquals(1, presence.getInteger("count"));
    assertEquals(new JsonObject().put("text", "only for carol"), report.step("encrypted").getJsonObject("data"));
    assertEquals("carol", report.step("signed-in").getJsonObject("userData").getString("id"));
    report.assertDone();
  }

  @Test
  void webhooksPassTheSdksVerifierAndDescribeWhatHappened() {
    ScenarioReport occupied = hub.run("webhooks");
    occupied.assertDone();
    String open = occupied.step("occupied").getString("open");
    String presence = occupied.step("occupied").getString("presence");
    String socketId = occupied.step("occupied").getString("aliceSocketId");
    List<String> expected = List.of("channel_occupied " + open, "channel_occupied " + presence,
      "member_added " + presence + " alice", "member_added " + presence + " bob", "client_event " + presence,
      "channel_vacated " + open, "channel_vacated " + presence, "member_removed " + presence + " alice",
      "member_removed " + presence + " bob");
    // channel_vacated and member_removed come after Pusher's delay of a few seconds.
    hub.webhooks().until(events -> summaries(events).containsAll(expected), 20).await();

    List<WebhookSink.Received> received = hub.webhooks().received();
    JsonArray requests = new JsonArray();
    received.forEach(request -> requests.add(request.asJson()));
    WebhookSink.Received first = received.get(0);
    requests.add(new WebhookSink.Received(first.method(), first.headers(), first.body() + " ").asJson());
    ScenarioReport verified = hub.run("verify-webhooks", requests.encode());
    verified.assertDone();

    List<JsonObject> results = verified.all("webhook");
    assertEquals(received.size() + 1, results.size());
    List<JsonObject> events = results.subList(0, received.size()).stream()
      .peek(result -> assertTrue(result.getBoolean("valid"), "the SDK rejected a webhook: " + received))
      .peek(result -> assertTrue(result.getLong("timeMs") > 0, result.encode()))
      .flatMap(result -> result.getJsonArray("events").stream().map(JsonObject.class::cast))
      .toList();
    assertTrue(summaries(events).containsAll(expected), events.toString());
    assertFalse(results.get(received.size()).getBoolean("valid"), "a changed body passed the signature check");
    received.forEach(request -> assertEquals(CompatHub.KEY, request.headers().get("x-pusher-key")));

    JsonObject clientEvent = events.stream()
      .filter(event -> "client_event".equals(event.getString("name")))
      .findFirst()
      .orElseThrow();
    assertEquals("client-ping", clientEvent.getString("event"));
    assertEquals(new JsonObject().put("n", 1), new JsonObject(clientEvent.getString("data")));
    assertEquals(socketId, clientEvent.getString("socket_id"));
    assertEquals("alice", clientEvent.getString("user_id"));
  }

  private static JsonObject body(ScenarioReport report, String step) {
    JsonObject response = report.step(step).getJsonObject("response");
    assertEquals(200, response.getInteger("status"), step + ": " + response.encode());
    return response.getJsonObject("body");
  }

  /** "name channel [user_id]" per event, which is what the app learns from each. */
  private static List<String> summaries(List<JsonObject> events) {
    return events.stream()
      .map(event -> (event.getString("name") + " " + event.getString("channel") + " "
        + (event.getString("name").startsWith("member_") ? event.getString("user_id") : "")).trim())
      .toList();
  }
}
