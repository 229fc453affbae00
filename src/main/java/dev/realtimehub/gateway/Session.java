package dev.realtimehub.gateway;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.core.Hub;
import dev.realtimehub.core.Subscriber;
import dev.realtimehub.metrics.HubMetrics;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One client connection, whatever its transport. Confined to the event loop that accepted it: the
 * gateway's sweep and the transport's handlers all run there.
 */
public abstract class Session implements Subscriber {

  protected final GatewayContext gateway;
  protected final String id;
  protected final HubPrincipal principal;
  protected final Set<String> channels = new LinkedHashSet<>();
  protected long lastReceivedNanos = System.nanoTime();
  private boolean closed;

  protected Session(GatewayContext gateway, String id, HubPrincipal principal) {
    this.gateway = gateway;
    this.id = id;
    this.principal = principal;
  }

  @Override
  public String id() {
    return id;
  }

  public HubPrincipal principal() {
    return principal;
  }

  public boolean isClosed() {
    return closed;
  }

  protected Hub hub() {
    return gateway.hub();
  }

  protected HubMetrics metrics() {
    return gateway.metrics();
  }

  /** Called once a second by the gateway's sweep: heartbeats, idle and token-expiry checks. */
  public void sweep(long nowNanos, long nowEpochSeconds) {
    // The token was admitted with jwt.leeway_seconds of clock skew; its expiry gets the same allowance.
    if (principal.expiresAt() <= nowEpochSeconds - gateway.config().jwt().leewaySeconds()) {
      close(CloseReason.AUTH_EXPIRED);
    }
  }

  /** Closes the connection with a reason the client can act on. Idempotent. */
  public final void close(CloseReason reason) {
    if (closed) {
      return;
    }
    metrics().connectionClosedBy(reason.code());
    closeTransport(reason);
    onClosed();
  }

  protected abstract void closeTransport(CloseReason reason);

  /** Releases subscriptions; called once, whether the client or the hub ended the connection. */
  protected final void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    for (String channel : channels) {
      hub().unsubscribe(gateway.index(), this, channel);
    }
    channels.clear();
    gateway.sessions().remove(this);
    metrics().connectionClosed(protocol());
  }
}
