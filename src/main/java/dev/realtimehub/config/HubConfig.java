package dev.realtimehub.config;

import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.sync.changes.ChangeLog;
import dev.realtimehub.sync.features.FeatureRules;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration of a hub node, read once at start and immutable afterwards. Every key is
 * documented in {@code conf/hub.yaml}; defaults live in the classpath file {@code hub-defaults.yaml}.
 */
public record HubConfig(Http http, Gateway gateway, List<String> allowedOrigins, Jwt jwt, Api api, Ws ws, Sse sse,
                        Channels channels, Presence presence, Typing typing, Notify notifications, Redis redis,
                        Shutdown shutdown, Pg pg, Store store, Webhook webhook, Sync sync, Features features,
                        PusherSettings pusher) {

  public record Http(String host, int port, int adminPort, int idleTimeoutSeconds, int requestHeaderTimeoutSeconds,
                     int maxHeaderBytes, int maxInitialLineBytes, int maxBodyBytes) {
  }

  public record Gateway(int instances, int maxBacklog) {
  }

  /** A public key file and the one algorithm it may verify. */
  public record PublicKey(String algorithm, String path) {
  }

  public record Jwt(String secret, List<PublicKey> publicKeys, String issuer, List<String> audience,
                    int leewaySeconds, int maxTokenBytes, boolean devToken) {

    /** True when no verification key at all is configured (the embedded dev mode generates one). */
    public boolean hasNoKeys() {
      return secret.isEmpty() && publicKeys.isEmpty();
    }
  }

  public record Api(List<String> keys, int ratePerSecond, int maxBatch, int maxChannelsPerPublish) {
  }

  public record Ws(boolean allowAnonymous, int maxFrameBytes, int maxMessageBytes, int heartbeatSeconds,
                   int idleTimeoutSeconds, int maxSubscriptions, int ratePerSecond, int rateBurst, int maxErrors,
                   int outboundQueueBytes) {
  }

  public record Sse(int heartbeatSeconds, int maxChannels, int maxStreams, int retryMs) {
  }

  public record Channels(String file, int maxDataBytes, ChannelTypes types) {
  }

  /** Presence options: which token claims describe a user to others, and the caps. */
  public record Presence(List<String> userClaims, int maxUserInfoBytes, int maxRoster) {
  }

  public record Typing(int timeoutMs, int ratePerSecond) {
  }

  /** Batch notifications and debounced publishing. */
  public record Notify(int maxUsers, int debounceMaxWaitMs) {
  }

  /**
   * The Redis that joins nodes into a cluster; an empty {@code url} runs the embedded single-node hub.
   * {@code type} is standalone, sentinel or cluster; {@code endpoints} adds servers for the latter two.
   */
  public record Redis(String url, String type, List<String> endpoints, String masterName, String prefix,
                      int timeoutMs, int poolSize, int presenceTtlSeconds, int startupWaitSeconds) {

    public boolean enabled() {
      return !url.isEmpty();
    }
  }

  public record Shutdown(int graceSeconds) {
  }

  /** PostgreSQL of the sync pipelines; an empty {@code url} uses the embedded store under {@code store.data_dir}. */
  public record Pg(String url, int poolSize, int timeoutMs) {

    public boolean enabled() {
      return !url.isEmpty();
    }
  }

  /** The embedded store's directory; {@code :memory:} keeps it in memory (tests). */
  public record Store(String dataDir) {
  }

  /** HBH-2 webhook ingress: the shared HMAC secret, the timestamp window and the size caps. */
  public record Webhook(String secret, int toleranceSeconds, int maxBodyBytes, int maxItems) {
  }

  /** The feature rules that learning progress unlocks, read from {@code file}. */
  public record Features(String file, FeatureRules rules) {
  }

  /**
   * The sync worker verticles: pool size, poll interval, events applied per transaction and the longest wait for
   * a row lock inside one, retries with backoff, relay batch size, how long applied inbox rows and users' durable
   * notifications are kept, the file of KPI alert levels and targets, and the change webhooks to HBH-2.
   */
  public record Sync(int workers, int pollIntervalMs, int eventsPerTransaction, int lockWaitMs, int maxAttempts,
                     int backoffBaseMs, int backoffMaxMs, int batchSize, int inboxRetentionHours,
                     int notificationRetentionDays, String kpiRulesFile, Hbh2 hbh2) {
  }

  /**
   * Signed change webhooks to HBH-2: where ({@code webhookUrl}, empty sends none), the signing secret (the
   * webhook secret when empty), most changes per request and the request timeout.
   */
  public record Hbh2(String webhookUrl, String webhookSecret, int batchSize, int timeoutMs) {

    public boolean enabled() {
      return !webhookUrl.isEmpty();
    }
  }

  static final List<String> JWT_ALGORITHMS = List.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");

  /**
   * Builds the typed configuration from the merged tree, the channel type declarations, the feature rules and
   * the extra Pusher apps ({@code appsFile}, empty when there is none).
   *
   * @throws ConfigException listing every problem when anything is invalid
   */
  public static HubConfig from(JsonObject merged, JsonObject channelFile, JsonObject featureFile,
                               JsonObject appsFile) {
    ConfigReader r = new ConfigReader(merged);
    int maxInt = Integer.MAX_VALUE;
    Http http = new Http(r.string("http.host"), r.integer("http.port", 0, 65535),
      r.integer("http.admin_port", 0, 65535), r.integer("http.idle_timeout_seconds", 1, 3600),
      r.integer("http.request_header_timeout_seconds", 1, 300), r.integer("http.max_header_bytes", 1024, 65536),
      r.integer("http.max_initial_line_bytes", 256, 65536), r.integer("http.max_body_bytes", 1024, 64 << 20));
    Gateway gateway = new Gateway(r.integer("gateway.instances", 0, 256),
      r.integer("gateway.max_backlog", 100, 10_000_000));
    List<String> origins = r.strings("allowed_origins");
    origins.forEach(origin -> checkOrigin(r, origin));
    Jwt jwt = new Jwt(r.string("jwt.secret"), publicKeys(r), r.string("jwt.issuer"), r.strings("jwt.audience"),
      r.integer("jwt.leeway_seconds", 0, 300), r.integer("jwt.max_token_bytes", 256, 65536), r.bool("jwt.dev_token"));
    if (!jwt.secret().isEmpty() && jwt.secret().length() < 32) {
      r.problem("jwt.secret: must be at least 32 characters for HS256");
    }
    List<String> keys = new ArrayList<>(r.strings("api.keys"));
    String key = r.string("api.key");
    if (!key.isEmpty()) {
      keys.add(0, key);
    }
    keys.stream().filter(k -> k.length() < 16).findAny()
      .ifPresent(k -> r.problem("api.key/api.keys: every API key must be at least 16 characters"));
    Api api = new Api(List.copyOf(keys), r.integer("api.rate_per_second", 1, maxInt),
      r.integer("api.max_batch", 1, 10_000), r.integer("api.max_channels_per_publish", 1, 10_000));
    Ws ws = new Ws(r.bool("ws.allow_anonymous"), r.integer("ws.max_frame_bytes", 1024, 16 << 20),
      r.integer("ws.max_message_bytes", 1024, 16 << 20), r.integer("ws.heartbeat_seconds", 1, 3600),
      r.integer("ws.idle_timeout_seconds", 2, 7200), r.integer("ws.max_subscriptions", 1, 100_000),
      r.integer("ws.rate_per_second", 1, 1_000_000), r.integer("ws.rate_burst", 1, 1_000_000),
      r.integer("ws.max_errors", 1, 1_000_000), r.integer("ws.outbound_queue_bytes", 4096, 1 << 30));
    Sse sse = new Sse(r.integer("sse.heartbeat_seconds", 1, 3600), r.integer("sse.max_channels", 1, 1000),
      r.integer("sse.max_streams", 1, 1_000_000), r.integer("sse.retry_ms", 0, 3_600_000));
    ChannelTypes types = ChannelTypes.parse(channelFile, r::problem);
    Channels channels = new Channels(r.string("channels.file"), r.integer("channels.max_data_bytes", 16, 16 << 20),
      types);
    Presence presence = new Presence(List.copyOf(r.strings("presence.user_claims")),
      r.integer("presence.max_user_info_bytes", 64, 65536), r.integer("presence.max_roster", 1, 100_000));
    Typing typing = new Typing(r.integer("typing.timeout_ms", 100, 600_000),
      r.integer("typing.rate_per_second", 1, 1000));
    Notify notify = new Notify(r.integer("notify.max_users", 1, 1_000_000),
      r.integer("notify.debounce_max_wait_ms", 1, 600_000));
    Redis redis = new Redis(r.string("redis.url"), r.string("redis.type"), List.copyOf(r.strings("redis.endpoints")),
      r.string("redis.master_name"), r.string("redis.prefix"), r.integer("redis.timeout_ms", 10, 600_000),
      r.integer("redis.pool_size", 1, 1024), r.integer("redis.presence_ttl_seconds", 3, 3600),
      r.integer("redis.startup_wait_seconds", 0, 3600));
    if (!List.of("standalone", "sentinel", "cluster").contains(redis.type())) {
      r.problem("redis.type: expected standalone, sentinel or cluster");
    }
    if (redis.enabled() && !redis.url().matches("rediss?://.+")) {
      r.problem("redis.url: expected redis://[user:password@]host:port[/db] or rediss://…");
    }
    Shutdown shutdown = new Shutdown(r.integer("shutdown.grace_seconds", 0, 600));
    Pg pg = new Pg(r.string("pg.url"), r.integer("pg.pool_size", 1, 256), r.integer("pg.timeout_ms", 10, 600_000));
    if (pg.enabled() && !pg.url().matches("postgres(ql)?://.+")) {
      r.problem("pg.url: expected postgresql://[user[:password]@]host[:port]/database");
    }
    Store store = new Store(r.string("store.data_dir"));
    if (!pg.enabled() && store.dataDir().isBlank()) {
      r.problem("store.data_dir: required when pg.url is empty (or :memory:)");
    }
    Webhook webhook = new Webhook(r.string("webhook.secret"), r.integer("webhook.tolerance_seconds", 1, 3600),
      r.integer("webhook.max_body_bytes", 1024, 64 << 20), r.integer("webhook.max_items", 1, 100_000));
    if (!webhook.secret().isEmpty() && webhook.secret().length() < 16) {
      r.problem("webhook.secret: must be at least 16 characters");
    }
    Sync sync = new Sync(r.integer("sync.workers", 1, 64), r.integer("sync.poll_interval_ms", 10, 60_000),
      r.integer("sync.events_per_transaction", 1, 64), r.integer("sync.lock_wait_ms", 10, 60_000),
      r.integer("sync.max_attempts", 1, 1000), r.integer("sync.backoff_base_ms", 1, 3_600_000),
      r.integer("sync.backoff_max_ms", 1, 86_400_000), r.integer("sync.batch_size", 1, 10_000),
      r.integer("sync.inbox_retention_hours", 1, 24 * 3650),
      r.integer("sync.notification_retention_days", 1, 3650), r.string("sync.kpi_rules_file"), hbh2(r, webhook));
    HubConfig config = new HubConfig(http, gateway, List.copyOf(origins), jwt, api, ws, sse, channels, presence,
      typing, notify, redis, shutdown, pg, store, webhook, sync,
      new Features(r.string("features.file"), FeatureRules.parse(featureFile, r::problem)),
      PusherSettings.read(r, merged, appsFile));
    config.crossCheck(r);
    if (!r.problems().isEmpty()) {
      throw new ConfigException(r.problems());
    }
    return config;
  }

  private static Hbh2 hbh2(ConfigReader r, Webhook webhook) {
    String secret = r.string("hbh2.webhook_secret");
    Hbh2 hbh2 = new Hbh2(r.string("hbh2.webhook_url"), secret.isEmpty() ? webhook.secret() : secret,
      r.integer("hbh2.batch_size", 1, ChangeLog.MAX_PAGE), r.integer("hbh2.timeout_ms", 100, 600_000));
    if (hbh2.enabled() && !hbh2.webhookUrl().matches("https?://.+")) {
      r.problem("hbh2.webhook_url: expected http://… or https://…");
    }
    if (hbh2.enabled() && hbh2.webhookSecret().length() < 16) {
      r.problem("hbh2.webhook_secret: a secret of at least 16 characters (or webhook.secret) is required when "
        + "hbh2.webhook_url is set");
    }
    return hbh2;
  }

  private void crossCheck(ConfigReader r) {
    if (ws.heartbeatSeconds() >= ws.idleTimeoutSeconds()) {
      r.problem("ws.heartbeat_seconds: must be shorter than ws.idle_timeout_seconds");
    }
    if (ws.heartbeatSeconds() >= http.idleTimeoutSeconds() || sse.heartbeatSeconds() >= http.idleTimeoutSeconds()) {
      r.problem("ws.heartbeat_seconds and sse.heartbeat_seconds: must be shorter than http.idle_timeout_seconds");
    }
    if (ws.maxFrameBytes() < ws.maxMessageBytes()) {
      r.problem("ws.max_frame_bytes: must be at least ws.max_message_bytes");
    }
    if (http.maxInitialLineBytes() < jwt.maxTokenBytes() + 256) {
      r.problem("http.max_initial_line_bytes: must leave room for a jwt.max_token_bytes token in ?token= "
        + "(at least jwt.max_token_bytes + 256)");
    }
    if (http.adminPort() != 0 && http.adminPort() == http.port()) {
      r.problem("http.admin_port: must differ from http.port");
    }
    if (!jwt.hasNoKeys() && api.keys().isEmpty()) {
      r.problem("api.key: an API key (HUB_API_KEY) is required once JWT keys are configured");
    }
    if (jwt.hasNoKeys() && !jwt.devToken()) {
      r.problem("jwt: no verification key configured (set jwt.secret / HUB_JWT_SECRET or jwt.public_keys)");
    }
  }

  private static List<PublicKey> publicKeys(ConfigReader r) {
    List<PublicKey> keys = new ArrayList<>();
    for (JsonObject entry : r.objects("jwt.public_keys")) {
      String algorithm = entry.getString("algorithm", "");
      String path = entry.getString("path", "");
      if (!JWT_ALGORITHMS.contains(algorithm)) {
        r.problem("jwt.public_keys: algorithm '" + algorithm + "' is not one of " + JWT_ALGORITHMS);
      } else if (path.isBlank()) {
        r.problem("jwt.public_keys: every key needs a path");
      } else {
        keys.add(new PublicKey(algorithm, path));
      }
    }
    return List.copyOf(keys);
  }

  private static void checkOrigin(ConfigReader r, String origin) {
    if (!origin.equals("null") && !origin.matches("https?://(\\*\\.)?[A-Za-z0-9.-]+(:\\d{1,5})?")) {
      r.problem("allowed_origins: '" + origin + "' is not scheme://host[:port] (a leading *. is allowed)");
    }
  }
}
