package dev.realtimehub;

import dev.realtimehub.api.ApiKeyHandler;
import dev.realtimehub.auth.DevCredentials;
import dev.realtimehub.auth.JwtAuthenticator;
import dev.realtimehub.channel.ChannelAuthorizer;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.core.ChannelDirectory;
import dev.realtimehub.core.Hub;
import dev.realtimehub.core.Signals;
import dev.realtimehub.gateway.Drain;
import dev.realtimehub.gateway.GatewayVerticle;
import dev.realtimehub.health.AdminVerticle;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.notify.Coalescer;
import dev.realtimehub.pusher.PusherApps;
import dev.realtimehub.pusher.webhook.PusherWebhooks;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.AuditRepository;
import dev.realtimehub.sync.Backoff;
import dev.realtimehub.sync.InboxWorkerVerticle;
import dev.realtimehub.sync.RetentionVerticle;
import dev.realtimehub.sync.access.AccessChangeRepository;
import dev.realtimehub.sync.access.AccessRelayVerticle;
import dev.realtimehub.sync.access.MembershipSeed;
import dev.realtimehub.sync.access.UserAccessRepository;
import dev.realtimehub.sync.features.FeatureUnlocker;
import dev.realtimehub.sync.features.LearningRepository;
import dev.realtimehub.sync.changes.ChangeForwarderVerticle;
import dev.realtimehub.sync.changes.ChangeLog;
import dev.realtimehub.sync.investment.InvestmentsPipeline;
import dev.realtimehub.sync.investment.PropertiesPipeline;
import dev.realtimehub.sync.notification.UserNotifications;
import dev.realtimehub.sync.outbox.OutboxRelayVerticle;
import dev.realtimehub.sync.outbox.OutboxRepository;
import dev.realtimehub.sync.pipeline.KpiAnnouncer;
import dev.realtimehub.sync.pipeline.KpiRepository;
import dev.realtimehub.sync.pipeline.LearningPipeline;
import dev.realtimehub.sync.pipeline.Pipeline;
import dev.realtimehub.sync.pipeline.TransactionsPipeline;
import dev.realtimehub.sync.pipeline.UsersPipeline;
import dev.realtimehub.sync.pipeline.KpiRules;
import dev.realtimehub.sync.pipeline.Pipeline;
import dev.realtimehub.sync.pipeline.TransactionsPipeline;
import dev.realtimehub.sync.team.TeamGoals;
import dev.realtimehub.sync.team.TeamsPipeline;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Composes a hub node: loads the keys, builds the node-wide services, then deploys the gateway event
 * loops (and the admin server when one is configured). Nothing else.
 */
public final class HubVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(HubVerticle.class);
  private static final long TYPING_SWEEP_MS = 250;
  private static final long PRESENCE_SWEEP_MS = 1000;
  /** How often the sync store is pruned after its retention. */
  private static final long RETENTION_INTERVAL_MS = 60_000;

  private final HubConfig config;
  private final PrometheusMeterRegistry registry;
  private final Drain drain;
  private HubServices services;
  private Backend backend;
  private PusherWebhooks webhooks;
  private Store store;
  /** The store through the sync workers' own pool. */
  private Store syncStore;
  private final List<Long> sweepTimers = new ArrayList<>();
  private GatewayVerticle firstGateway;
  private String devToken;

  public HubVerticle(HubConfig config, PrometheusMeterRegistry registry, Drain drain) {
    this.config = config;
    this.registry = registry;
    this.drain = drain;
  }

  @Override
  public Future<?> start() {
    return loadPublicKeys()
      .compose(keys -> openStore().map(keys))
      .compose(this::buildServices)
      .compose(v -> seedMemberships())
      .compose(v -> deploySync())
      .compose(v -> deployGateway())
      .compose(v -> deployAdmin())
      .onSuccess(v -> announce());
  }

  /** The port the gateway listens on. */
  public int port() {
    return firstGateway.actualPort();
  }

  public HubServices services() {
    return services;
  }

  /** The generated development token when no key was configured, else {@code null}. */
  public String devToken() {
    return devToken;
  }

  private Future<List<Map.Entry<String, String>>> loadPublicKeys() {
    List<Future<Map.Entry<String, String>>> reads = new ArrayList<>();
    for (HubConfig.PublicKey key : config.jwt().publicKeys()) {
      reads.add(vertx.fileSystem().readFile(key.path())
        .map(Buffer::toString)
        .map(pem -> (Map.Entry<String, String>) new AbstractMap.SimpleEntry<>(key.algorithm(), pem))
        .recover(e -> Future.failedFuture(new IllegalStateException("jwt.public_keys: cannot read " + key.path()))));
    }
    return Future.all(reads).map(all -> all.list());
  }

  private Future<Void> buildServices(List<Map.Entry<String, String>> publicKeys) {
    String secret = config.jwt().hasNoKeys() ? DevCredentials.generateSecret() : config.jwt().secret();
    JwtAuthenticator authenticator = JwtAuthenticator.create(vertx, config.jwt(), secret, publicKeys);
    if (config.jwt().hasNoKeys()) {
      devToken = authenticator.issue(DevCredentials.devClaims(), DevCredentials.DEV_TOKEN_SECONDS);
    }
    List<String> apiKeys = config.api().keys();
    if (apiKeys.isEmpty()) {
      apiKeys = List.of(DevCredentials.generateSecret());
      log.warn("no API key configured (HUB_API_KEY): generated one for this run: {}", apiKeys.get(0));
    }
    List<String> keys = apiKeys;
    HubMetrics metrics = new HubMetrics(registry);
    ChannelDirectory directory = new ChannelDirectory(gatewayInstances());
    return Backend.create(vertx, config, metrics, directory).map(created -> {
      backend = created;
      Signals signals = new Signals(backend.broker(), backend.presence(), backend.typing(), backend.receipts(),
        config.presence(), metrics);
      Hub hub = new Hub(new ChannelAuthorizer(config.channels().types(), backend.memberships()), backend.broker(),
        backend.history(), signals, directory, backend.counts(), metrics, config.gateway().maxBacklog());
      PusherApps pusherApps = new PusherApps(config.pusher());
      webhooks = new PusherWebhooks(vertx, pusherApps, config.pusher(), config.channels().types(),
        backend.settling(), signals, metrics);
      if (webhooks.active()) {
        backend.counts().listener(webhooks);
        signals.memberListener(webhooks);
      }
      sweepTimers.add(vertx.setPeriodic(TYPING_SWEEP_MS, id -> signals.expireTyping()));
      sweepTimers.add(vertx.setPeriodic(PRESENCE_SWEEP_MS, id -> {
        signals.expirePresence();
        backend.counts().expire().onFailure(e -> log.warn("subscription count expiry failed: {}", e.toString()));
      }));
      sweepTimers.add(vertx.setPeriodic(Math.max(1000, config.redis().presenceTtlSeconds() * 1000L / 3),
        id -> backend.heartbeat().run()));
      Coalescer coalescer = new Coalescer(vertx, hub, metrics, config.notifications().debounceMaxWaitMs());
      services = new HubServices(config, hub, authenticator, backend.memberships(), backend.history(), coalescer,
        metrics, registry, drain, new ApiKeyHandler(keys, config.api().ratePerSecond(), metrics),
        () -> Future.all(backend.readiness().get(), store.ping()).mapEmpty(), store,
        pusherApps, webhooks);
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    // The sweeps would otherwise keep firing while the backend below closes its Redis client.
    sweepTimers.forEach(vertx::cancelTimer);
    Future<Void> closeStore = (syncStore == null ? Future.<Void>succeededFuture() : syncStore.close())
      .eventually(() -> store == null ? Future.succeededFuture() : store.close());
    Future<Void> closeWebhooks = webhooks == null ? Future.succeededFuture() : webhooks.close();
    return backend == null ? Future.join(closeStore, closeWebhooks)
      : Future.join(backend.close().get(), closeStore, closeWebhooks);
  }

  /** One event loop per core unless configured; a random port (0) gets one, as each listen(0) binds anew. */
  private int gatewayInstances() {
    if (config.http().port() == 0) {
      return 1;
    }
    int configured = config.gateway().instances();
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  private Future<Void> deployGateway() {
    AtomicInteger next = new AtomicInteger();
    return vertx.deployVerticle(() -> {
      GatewayVerticle gateway = new GatewayVerticle(services, next.getAndIncrement());
      if (firstGateway == null) {
        firstGateway = gateway;
      }
      return gateway;
    }, new DeploymentOptions().setInstances(gatewayInstances())).mapEmpty();
  }

  private Future<Void> openStore() {
    return Store.create(vertx, config.pg(), config.store())
      .onSuccess(opened -> store = opened)
      .mapEmpty();
  }

  /** The inbox workers and the outbox relay, on the hub-sync worker pool. */
  private Future<Void> deploySync() {
    return KpiRules.read(vertx, config.sync().kpiRulesFile()).compose(this::deploySync);
  }

  private Future<Void> deploySync(KpiRules kpiRules) {
    HubConfig.Sync sync = config.sync();
    DeploymentOptions workers = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("hub-sync")
      .setWorkerPoolSize(sync.workers() + 1);
    // A connection for each inbox worker, the two relays, the retention worker and the change forwarder.
    syncStore = store.separatePool("hub-sync-store", sync.workers() + 4);
    OutboxRepository outbox = new OutboxRepository(syncStore);
    AuditRepository audit = new AuditRepository(syncStore);
    UserNotifications notifications = new UserNotifications(syncStore, outbox);
    List<Pipeline> pipelines = List.of(new TransactionsPipeline(syncStore, new KpiRepository(syncStore), audit,
        new KpiAnnouncer(syncStore, kpiRules, outbox), new TeamGoals(syncStore)),
      new PropertiesPipeline(syncStore, audit, outbox),
      new InvestmentsPipeline(syncStore, audit, outbox, notifications),
      new TeamsPipeline(syncStore, audit, outbox, notifications, new ChangeLog(syncStore)), usersPipeline(),
      learningPipeline());
    Backoff backoff = new Backoff(sync.backoffBaseMs(), sync.backoffMaxMs());
    InboxWorkerVerticle.Settings settings = new InboxWorkerVerticle.Settings(sync.eventsPerTransaction(),
      sync.lockWaitMs(), sync.maxAttempts(), sync.pollIntervalMs());
    return vertx.deployVerticle(() -> new InboxWorkerVerticle(syncStore, pipelines, backoff, services.metrics(),
        settings), new DeploymentOptions(workers).setInstances(sync.workers()))
      .compose(id -> vertx.deployVerticle(new OutboxRelayVerticle(syncStore, services.hub(), services.coalescer(),
        services.metrics(), sync.batchSize(), sync.pollIntervalMs()), workers))
      .compose(id -> vertx.deployVerticle(new AccessRelayVerticle(syncStore, services.memberships(), services.hub(),
        services.metrics(), sync.batchSize(), sync.pollIntervalMs(), config.pg().timeoutMs()), workers))
      .compose(id -> vertx.deployVerticle(new RetentionVerticle(syncStore, services.metrics(),
        new RetentionVerticle.Retention(sync.inboxRetentionHours() * 3_600_000L, sync.notificationRetentionDays() * 86_400_000L),
        RETENTION_INTERVAL_MS),
        workers))
      .compose(id -> sync.hbh2().enabled() ? vertx.deployVerticle(new ChangeForwarderVerticle(syncStore, sync.hbh2(),
        backoff, services.metrics(), sync.pollIntervalMs()), workers) : Future.succeededFuture(id))
      .mapEmpty();
  }

  private Pipeline usersPipeline() {
    return new UsersPipeline(new UserAccessRepository(syncStore), new AccessChangeRepository(syncStore),
      new AuditRepository(syncStore), new UserNotifications(syncStore, new OutboxRepository(syncStore)),
      new ChangeLog(syncStore), services.metrics());
  }

  private Pipeline learningPipeline() {
    return new LearningPipeline(new LearningRepository(syncStore), new UserAccessRepository(syncStore),
      FeatureUnlocker.create(syncStore, config.features().rules(), services.metrics()), new AuditRepository(syncStore),
      new OutboxRepository(syncStore), services.metrics());
  }

  /** Memberships fed by HBH-2 into the membership store, before any client can subscribe. */
  private Future<Void> seedMemberships() {
    return new MembershipSeed(store, services.memberships()).run()
      .onSuccess(count -> log.info("membership store seeded with {} memberships from the sync store", count))
      .mapEmpty();
  }

  private Future<Void> deployAdmin() {
    if (config.http().adminPort() == 0) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new AdminVerticle(services)).mapEmpty();
  }

  private void announce() {
    log.info("realtime hub node {} ready on port {} with {} gateway event loops, {} channel types, {} state, "
      + "{} store", backend.node(), port(), gatewayInstances(), config.channels().types().all().size(),
      config.redis().enabled() ? "redis" : "in-memory", store.description());
    if (config.pusher().apps().isEmpty()) {
      log.info("no Pusher app configured: /app/{key} and /apps/{id} refuse every client (set HUB_APP_ID, "
        + "HUB_APP_KEY and HUB_APP_SECRET)");
    } else {
      config.pusher().apps().forEach(app -> log.info("Pusher app {}", app));
    }
    if (config.allowedOrigins().isEmpty()) {
      log.warn("allowed_origins is empty: browser pages of every origin may connect (set HUB_ALLOWED_ORIGINS)");
    }
    if (devToken != null) {
      log.warn("no JWT key configured: generated a secret for this run only. Development token (sub=dev, "
        + "role admin, valid {} h): {}", DevCredentials.DEV_TOKEN_SECONDS / 3600, devToken);
    }
  }
}
