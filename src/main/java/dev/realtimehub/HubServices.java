package dev.realtimehub;

import dev.realtimehub.api.ApiKeyHandler;
import dev.realtimehub.auth.JwtAuthenticator;
import dev.realtimehub.channel.MembershipStore;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.core.Hub;
import dev.realtimehub.gateway.Drain;
import dev.realtimehub.history.HistoryStore;
import dev.realtimehub.notify.Coalescer;
import dev.realtimehub.pusher.ClientActivity;
import dev.realtimehub.pusher.PusherApps;
import dev.realtimehub.store.Store;
import dev.realtimehub.metrics.HubMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * The node-wide services that every gateway event loop shares. Each one is thread-safe. {@code readiness}
 * checks the node's dependencies for {@code /health/ready};
 * {@code store} is the SQL store of the sync pipelines; {@code pusherApps} the apps of the Pusher protocol
 * and {@code pusherActivity} where their connections report what the apps' webhooks announce.
 */
public record HubServices(HubConfig config, Hub hub, JwtAuthenticator authenticator, MembershipStore memberships,
                          HistoryStore history, Coalescer coalescer, HubMetrics metrics,
                          PrometheusMeterRegistry registry, Drain drain, ApiKeyHandler apiKeys,
                          Supplier<Future<Void>> readiness, Store store, PusherApps pusherApps,
                          ClientActivity pusherActivity) {
}
