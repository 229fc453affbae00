package dev.realtimehub.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Pusher-protocol apps and the protocol settings they share. The default app comes from the {@code app}
 * section (so {@code HUB_APP_KEY} and friends set it); more apps come from {@code apps.file}, each entry
 * taking the {@code app} section's values for whatever it leaves out, except id, key, secret and webhook URL.
 */
public record PusherSettings(List<App> apps, int activityTimeoutSeconds, int pongTimeoutSeconds,
                             int maxChannelsPerEvent, int maxBatchEvents, int signatureToleranceSeconds,
                             int webhookBatchMs, int webhookMaxBatch, int webhookRetrySeconds,
                             int webhookTimeoutMs, int webhookVacateDelayMs, int webhookMaxQueue) {

  /** One app: its credentials, the features it turns on and its limits. */
  public record App(String id, String key, String secret, String name, boolean enabled, String webhookUrl,
                    boolean clientEvents, boolean userAuthentication, int maxConnections,
                    int maxEventBytes, int clientEventRatePerSecond, int maxPresenceMembers) {

    /** Without the secret, so that an app can be logged. */
    @Override
    public String toString() {
      return "App[id=" + id + ", key=" + key + ", name=" + name + ", enabled=" + enabled + "]";
    }
  }

  /** Keys an extra app may not inherit from the default app. */
  private static final List<String> OWN_KEYS = List.of("id", "key", "secret", "webhook_url");

  static PusherSettings read(ConfigReader r, JsonObject merged, JsonObject appsFile) {
    List<App> apps = new ArrayList<>();
    JsonObject defaults = merged.getJsonObject("app", new JsonObject());
    if (!defaults.getString("key", "").isEmpty() || !defaults.getString("id", "").isEmpty()) {
      apps.add(readApp(r, "app", defaults));
    }
    ConfigReader fileReader = new ConfigReader(appsFile);
    List<JsonObject> entries = fileReader.objects("apps");
    fileReader.problems().forEach(problem -> r.problem("apps.file: " + problem));
    JsonObject inherited = defaults.copy();
    OWN_KEYS.forEach(inherited::remove);
    for (int i = 0; i < entries.size(); i++) {
      apps.add(readApp(r, "apps.file: apps[" + i + "]", inherited.copy().mergeIn(entries.get(i))));
    }
    checkUnique(r, apps);
    return new PusherSettings(List.copyOf(apps), r.integer("pusher.activity_timeout_seconds", 1, 3600),
      r.integer("pusher.pong_timeout_seconds", 1, 600), r.integer("pusher.max_channels_per_event", 1, 1000),
      r.integer("pusher.max_batch_events", 1, 1000), r.integer("pusher.signature_tolerance_seconds", 1, 86_400),
      r.integer("pusher.webhook_batch_ms", 0, 60_000),
      r.integer("pusher.webhook_max_batch", 1, 10_000), r.integer("pusher.webhook_retry_seconds", 0, 86_400),
      r.integer("pusher.webhook_timeout_ms", 100, 600_000), r.integer("pusher.webhook_vacate_delay_ms", 0, 600_000),
      r.integer("pusher.webhook_max_queue", 1, 10_000_000));
  }

  private static App readApp(ConfigReader outer, String where, JsonObject entry) {
    ConfigReader r = new ConfigReader(new JsonObject().put("app", entry));
    App app = new App(r.string("app.id"), r.string("app.key"), r.string("app.secret"), r.string("app.name"),
      r.bool("app.enabled"), r.string("app.webhook_url"), r.bool("app.client_events"),
      r.bool("app.user_authentication"),
      r.integer("app.max_connections", 0, 10_000_000), r.integer("app.max_event_bytes", 16, 16 << 20),
      r.integer("app.client_event_rate_per_second", 1, 100_000), r.integer("app.max_presence_members", 1, 100_000));
    if (!app.id().matches("[A-Za-z0-9_-]{1,64}")) {
      r.problem("app.id: required, 1-64 letters, digits, '-' or '_'");
    }
    if (!app.key().matches("[A-Za-z0-9_-]{1,64}")) {
      r.problem("app.key: required, 1-64 letters, digits, '-' or '_'");
    }
    if (app.secret().length() < 16) {
      r.problem("app.secret: required, at least 16 characters");
    }
    if (!app.webhookUrl().isEmpty() && !app.webhookUrl().matches("https?://[^\\s]+")) {
      r.problem("app.webhook_url: expected an http:// or https:// URL");
    }
    String prefix = where.equals("app") ? "" : where + ": ";
    r.problems().forEach(problem -> outer.problem(prefix + problem));
    return app;
  }

  private static void checkUnique(ConfigReader r, List<App> apps) {
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (App app : apps) {
      if (!ids.add(app.id())) {
        r.problem("apps: app id '" + app.id() + "' is used twice");
      }
      if (!keys.add(app.key())) {
        r.problem("apps: app key '" + app.key() + "' is used twice");
      }
    }
  }
}
