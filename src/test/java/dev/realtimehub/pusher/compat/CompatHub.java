package dev.realtimehub.pusher.compat;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hub whose default Pusher app is configured the way an app would be (HUB_APP_ID/KEY/SECRET and a webhook URL
 * pointing at a {@link WebhookSink}), with the users the Node scenarios play: alice and bob are on team 7 (claim
 * {@code teams}) and members of conversation 7 (whose type lets members send client events), mallory is neither.
 */
final class CompatHub {

  static final String APP_ID = "4242";
  static final String KEY = "compat-app-key";
  static final String SECRET = "compat-app-secret-0123456789";
  static final int TEAM = 7;
  static final int CONVERSATION = 7;

  private final TestHub hub;
  private final WebhookSink webhooks;

  private CompatHub(TestHub hub, WebhookSink webhooks) {
    this.hub = hub;
    this.webhooks = webhooks;
  }

  static CompatHub start(Vertx vertx) {
    WebhookSink webhooks = WebhookSink.start(vertx).await();
    TestHub hub = TestHub.start(vertx, Map.of("HUB_APP_ID", APP_ID, "HUB_APP_KEY", KEY, "HUB_APP_SECRET", SECRET,
      "HUB_APP_WEBHOOK_URL", webhooks.url())).await();
    for (String member : List.of("alice", "bob")) {
      TestResponse added = hub.request("PUT", "/api/channels/conversation." + CONVERSATION + "/members/" + member,
        null, TestHub.API_KEY).await();
      assertEquals(204, added.status(), added.toString());
    }
    return new CompatHub(hub, webhooks);
  }

  TestHub hub() {
    return hub;
  }

  WebhookSink webhooks() {
    return webhooks;
  }

  /** Runs a scenario against this hub (see {@link NodeScenarios#run}). */
  ScenarioReport run(String scenario) {
    return NodeScenarios.run(scenario, settings(), "");
  }

  ScenarioReport run(String scenario, String stdin) {
    return NodeScenarios.run(scenario, settings(), stdin);
  }

  /** What the scenarios read from {@code HUB_COMPAT}. */
  private JsonObject settings() {
    JsonArray team = new JsonArray().add(TEAM);
    return new JsonObject()
      .put("host", "127.0.0.1")
      .put("port", hub.port())
      .put("appId", APP_ID)
      .put("key", KEY)
      .put("secret", SECRET)
      .put("team", TEAM)
      .put("conversation", CONVERSATION)
      .put("users", new JsonObject().put("alice", "alice").put("bob", "bob").put("mallory", "mallory"))
      .put("tokens", new JsonObject()
        .put("alice", hub.token("alice", new JsonObject().put("teams", team).put("name", "Alice")))
        .put("bob", hub.token("bob", new JsonObject().put("teams", team).put("name", "Bob")))
        .put("mallory", hub.token("mallory", new JsonObject().put("name", "Mallory"))));
  }

  Future<Void> close() {
    return Future.join(hub.close(), webhooks.close()).mapEmpty();
  }
}
