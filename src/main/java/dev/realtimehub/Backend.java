package dev.realtimehub;

import dev.realtimehub.broker.Broker;
import dev.realtimehub.broker.LocalBroker;
import dev.realtimehub.broker.RedisBroker;
import dev.realtimehub.channel.LocalMembershipStore;
import dev.realtimehub.channel.MembershipStore;
import dev.realtimehub.channel.RedisMembershipStore;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.core.ChannelDirectory;
import dev.realtimehub.history.HistoryStore;
import dev.realtimehub.history.LocalHistoryStore;
import dev.realtimehub.history.RedisHistoryStore;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.occupancy.ChannelCounts;
import dev.realtimehub.occupancy.LocalChannelCounts;
import dev.realtimehub.occupancy.LocalSettling;
import dev.realtimehub.occupancy.RedisChannelCounts;
import dev.realtimehub.occupancy.RedisSettling;
import dev.realtimehub.occupancy.Settling;
import dev.realtimehub.presence.LocalPresenceManager;
import dev.realtimehub.presence.LocalTypingStore;
import dev.realtimehub.presence.PresenceManager;
import dev.realtimehub.presence.RedisPresenceManager;
import dev.realtimehub.presence.RedisTypingStore;
import dev.realtimehub.presence.TypingStore;
import dev.realtimehub.receipts.LocalReadReceiptStore;
import dev.realtimehub.receipts.ReadReceiptStore;
import dev.realtimehub.receipts.RedisReadReceiptStore;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The state behind a node: in memory for the embedded single node, or in Redis when {@code redis.url} is
 * set, which makes the node one of a cluster. Everything above this choice is the same code.
 *
 * @param readiness what {@code /health/ready} checks besides draining (a Redis ping in cluster mode)
 * @param heartbeat periodic upkeep: presence refresh and history sweeping
 * @param counts    subscription counts across the hub
 * @param settling  held departures (presence members leaving) shared by the nodes
 */
public record Backend(String node, Broker broker, HistoryStore history, PresenceManager presence, TypingStore typing,
                      ReadReceiptStore receipts, MembershipStore memberships, Supplier<Future<Void>> readiness,
                      Runnable heartbeat, Supplier<Future<Void>> close, ChannelCounts counts, Settling settling) {

  /** The node's id: short, random, logged at start and used to qualify its entries in shared state. */
  static String newNodeId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static Future<Backend> create(Vertx vertx, HubConfig config, HubMetrics metrics, ChannelDirectory directory) {
    return config.redis().enabled() ? redis(vertx, config, metrics, directory)
      : Future.succeededFuture(local(vertx, config, directory));
  }

  static Backend local(Vertx vertx, HubConfig config, ChannelDirectory directory) {
    LocalHistoryStore history = new LocalHistoryStore();
    return new Backend(newNodeId(), new LocalBroker(history), history, new LocalPresenceManager(),
      new LocalTypingStore(config.typing().timeoutMs()), new LocalReadReceiptStore(), new LocalMembershipStore(),
      Future::succeededFuture, history::sweep, Future::succeededFuture,
      new LocalChannelCounts(vertx, directory, config.pusher().webhookVacateDelayMs()), new LocalSettling());
  }

  static Future<Backend> redis(Vertx vertx, HubConfig config, HubMetrics metrics, ChannelDirectory directory) {
    String node = newNodeId();
    RedisStore redis = RedisStore.create(vertx, config.redis());
    RedisHistoryStore history = new RedisHistoryStore(redis);
    RedisBroker broker = new RedisBroker(redis, history, metrics, vertx.getOrCreateContext());
    long ttlMs = config.redis().presenceTtlSeconds() * 1000L;
    RedisPresenceManager presence = new RedisPresenceManager(redis, ttlMs, node);
    RedisChannelCounts counts = new RedisChannelCounts(redis, directory, vertx.getOrCreateContext(), node, ttlMs,
      config.pusher().webhookVacateDelayMs());
    return redis.ping()
      .compose(v -> broker.start())
      .compose(v -> counts.heartbeat())
      .map(v -> new Backend(node, broker, history, presence,
        new RedisTypingStore(redis, config.typing().timeoutMs(), node), new RedisReadReceiptStore(redis),
        new RedisMembershipStore(redis), redis::ping, () -> {
          presence.heartbeat();
          counts.heartbeat();
        }, () -> counts.flush().otherwiseEmpty()
          .compose(flushed -> Future.join(broker.close(), redis.close()).mapEmpty()), counts, new RedisSettling(redis)));
  }
}
