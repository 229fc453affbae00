package dev.realtimehub.support;

import dev.realtimehub.sync.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Helpers for the sync tests: signed HBH-2 webhooks, transaction items, and the hub settings they need. */
public final class SyncSupport {

  public static final String WEBHOOK_SECRET = "webhook-secret-0123456789";

  private SyncSupport() {
  }

  /** Settings for a hub with the webhook secret, quick polling and quick retries. */
  public static Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("HUB_SYNC_POLL_INTERVAL_MS", "50");
    env.put("HUB_SYNC_BACKOFF_BASE_MS", "20");
    env.put("HUB_SYNC_BACKOFF_MAX_MS", "100");
    env.put("HUB_SYNC_MAX_ATTEMPTS", "3");
    env.putAll(more);
    return env;
  }

  /** The header value signing {@code body} at {@code timestamp} with {@code secret}. */
  public static String signature(String secret, long timestamp, String body) {
    String hex = new WebhookSignature(secret, 300).sign(timestamp, body.getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + ",v1=" + hex;
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Posts {@code body} to a webhook source, correctly signed now. */
  public static Future<TestResponse> post(TestHub hub, String source, String body) {
    return post(hub, source, body, signature(WEBHOOK_SECRET, now(), body));
  }

  /** Posts {@code body} with the given signature header ({@code null}: none). */
  public static Future<TestResponse> post(TestHub hub, String source, String body, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    if (signature != null) {
      headers.put(WebhookSignature.HEADER, signature);
    }
    return TestResponse.send(hub.vertx(), hub.http(), "POST", "/api/shared/sync/" + source, body, headers);
  }

  /** A webhook envelope with a fresh event id. */
  public static JsonObject envelope(JsonObject... items) {
    return envelope("evt-" + UUID.randomUUID(), items);
  }

  public static JsonObject envelope(String eventId, JsonObject... items) {
    JsonArray list = new JsonArray();
    for (JsonObject item : items) {
      list.add(item);
    }
    return new JsonObject().put("eventId", eventId).put("occurredAt", "2026-03-01T10:00:00Z").put("items", list);
  }

  /** A transaction item with a fresh id. */
  public static JsonObject transaction(String type, String agentId, String teamId, Number amount) {
    return new JsonObject()
      .put("id", "tx-" + UUID.randomUUID())
      .put("agentId", agentId)
      .put("teamId", teamId)
      .put("amount", amount)
      .put("currency", "EUR")
      .put("type", type)
      .put("occurredAt", "2026-03-01T09:59:00Z");
  }

  /** A unique id for KPI scopes, so tests sharing one store never see each other's KPIs. */
  public static String uniqueId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The KPI as {@code GET /api/kpis/{id}} shows it. */
  public static Future<TestResponse> kpi(TestHub hub, String id) {
    return hub.request("GET", "/api/kpis/" + id, null, TestHub.API_KEY);
  }
}
