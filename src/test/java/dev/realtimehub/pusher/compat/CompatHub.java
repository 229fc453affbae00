package dev.realtimehub.pusher.compat;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
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

  private final List<TestHub> nodes;
  private final WebhookSink webhooks;

  private CompatHub(List<TestHub> nodes, WebhookSink webhooks) {
    this.nodes = nodes;
    this.webhooks = webhooks;
  }

  /** One hub on its embedded default. */
  static CompatHub start(Vertx vertx) {
    return start(vertx, 1, Map.of());
  }

  /**
   * {@code count} nodes started with {@code env} (for example the Redis settings of one cluster), all sending
   * webhooks to the same sink. Each node is given the memberships: in memory, every node has a store of its own.
   */
  static CompatHub start(Vertx vertx, int count, Map<String, String> env) {
    WebhookSink webhooks = WebhookSink.start(vertx).await();
    Map<String, String> all = new HashMap<>(env);
    all.putAll(Map.of("HUB_APP_ID", APP_ID, "HUB_APP_KEY", KEY, "HUB_APP_SECRET", SECRET,
      "HUB_APP_WEBHOOK_URL", webhooks.url()));
    List<TestHub> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TestHub node = TestHub.start(vertx, all).await();
      nodes.add(node);
      for (String member : List.of("alice", "bob")) {
        String uri = "/api/channels/conversation." + CONVERSATION + "/members/" + member;
        TestResponse added = node.request("PUT", uri, null, TestHub.API_KEY)
          .recover(failure -> Future.failedFuture(new AssertionError("PUT " + uri + " on a hub just started: "
            + failure, failure)))
          .await();
        assertEquals(204, added.status(), added.toString());
      }
    }
    return new CompatHub(List.copyOf(nodes), webhooks);
  }

  WebhookSink webhooks() {
    return webhooks;
  }

  /** Runs a scenario against this hub, its first node unless the scenario picks one (see {@link NodeScenarios#run}). */
  ScenarioReport run(String scenario) {
    return NodeScenarios.run(scenario, settings(), "");
  }

  ScenarioReport run(String scenario, String stdin) {
    return NodeScenarios.run(scenario, settings(), stdin);
  }

  /** What the scenarios read from {@code HUB_COMPAT}. */
  private JsonObject settings() {
    TestHub hub = nodes.get(0);
    JsonArray team = new JsonArray().add(TEAM);
    return new JsonObject()
      .put("host", "127.0.0.1")
      .put("port", hub.port())
      .put("ports", new JsonArray(nodes.stream().map(TestHub::port).toList()))
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
    List<Future<Void>> closed = new ArrayList<>(nodes.stream().map(TestHub::close).toList());
    closed.add(webhooks.close());
    return Future.join(closed).mapEmpty();
  }
}
