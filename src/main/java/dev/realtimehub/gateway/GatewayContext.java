package dev.realtimehub.gateway;

import dev.realtimehub.auth.JwtAuthenticator;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.core.Hub;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Vertx;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the handlers of one gateway event loop share: node-wide services plus this loop's index and its
 * open sessions. The session set is confined to the event loop.
 */
public final class GatewayContext {

  private static final AtomicLong SESSION_COUNTER = new AtomicLong();
  private static final long NODE_NUMBER = 1 + (long) (Math.random() * 999_999_999L);

  private final Vertx vertx;
  private final HubConfig config;
  private final Hub hub;
  private final JwtAuthenticator authenticator;
  private final HubMetrics metrics;
  private final Drain drain;
  private final int index;
  private final OriginPolicy origins;
  private final Set<Session> sessions = new LinkedHashSet<>();

  public GatewayContext(Vertx vertx, HubConfig config, Hub hub, JwtAuthenticator authenticator, HubMetrics metrics,
                        Drain drain, int index) {
    this.vertx = vertx;
    this.config = config;
    this.hub = hub;
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.drain = drain;
    this.index = index;
    this.origins = new OriginPolicy(config.allowedOrigins());
  }

  /** A new session id, unique on this node, shaped {@code N.N} as Pusher clients expect socket ids. */
  public static String nextSessionId() {
    return NODE_NUMBER + "." + SESSION_COUNTER.incrementAndGet();
  }

  public Vertx vertx() {
    return vertx;
  }

  public HubConfig config() {
    return config;
  }

  public Hub hub() {
    return hub;
  }

  public JwtAuthenticator authenticator() {
    return authenticator;
  }

  public HubMetrics metrics() {
    return metrics;
  }

  public Drain drain() {
    return drain;
  }

  public int index() {
    return index;
  }

  public OriginPolicy origins() {
    return origins;
  }

  public Set<Session> sessions() {
    return sessions;
  }
}
