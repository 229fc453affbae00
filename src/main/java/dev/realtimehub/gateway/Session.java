package dev.realtimehub.gateway;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.core.Hub;
import dev.realtimehub.core.Subscriber;
import dev.realtimehub.metrics.HubMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client connection, whatever its transport. Confined to the event loop that accepted it: the
 * gateway's sweep and the transport's handlers all run there.
 *
 * <p>While a channel is being recovered, live messages for it are held back, then written after the
 * replayed ones with duplicates dropped, so a resuming client sees every offset once and in order.
 */
public abstract class Session implements Subscriber {

  /** Live messages held per recovering channel before the connection counts as too slow. */
  static final int MAX_HELD = 10_000;

  protected final GatewayContext gateway;
  protected final String id;
  protected final HubPrincipal principal;
  protected final Set<String> channels = new LinkedHashSet<>();
  /** Channels in {@link #channels} whose subscription is still being authorized. */
  protected final Set<String> pending = new HashSet<>();
  protected long lastReceivedNanos = System.nanoTime();
  private final Map<String, List<Message>> held = new HashMap<>();
  /**
   * Per recovered channel, the position the client already has (the replay's last message, or what a
   * {@code recovered:false} client was told), until live delivery passes it: held messages, and a message
   * published while the history was read that reaches this session live only after {@link #release}, may be
   * at or below it.
   */
  private final Map<String, StreamPosition> covered = new HashMap<>();
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

  @Override
  public HubPrincipal principal() {
    return principal;
  }

  public boolean isSubscribed(String channel) {
    return channels.contains(channel) && !pending.contains(channel);
  }

  /**
   * The user this connection acts as, for ending a user's connections: the token's subject here; a protocol whose
   * connections sign in later (Pusher's {@code pusher:signin}) returns the signed-in user.
   */
  public String userId() {
    return principal.subject();
  }

  /** How the connection is closed when the server ends every connection of its user. */
  protected CloseReason terminatedReason() {
    return CloseReason.TERMINATED;
  }

  /** Closes the connection because the server ended every connection of its user. */
  public final void terminate() {
    close(terminatedReason());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  public GatewayContext gateway() {
    return gateway;
  }

  protected Hub hub() {
    return gateway.hub();
  }

  protected HubMetrics metrics() {
    return gateway.metrics();
  }

  @Override
  public final boolean deliver(Message message) {
    return deliver(message, true);
  }

  @Override
  public final boolean deliverUnflushed(Message message) {
    return deliver(message, false);
  }

  private boolean deliver(Message message, boolean flush) {
    if (closed) {
      return false;
    }
    if (!covered.isEmpty() && message.publication().isMessage() && isCovered(message)) {
      return true;
    }
    List<Message> waiting = held.isEmpty() ? null : held.get(message.channel());
    if (waiting == null) {
      return flush ? write(message) : writeUnflushed(message);
    }
    if (waiting.size() >= MAX_HELD) {
      metrics().dropped("slow_consumer");
      close(CloseReason.SLOW);
      return false;
    }
    waiting.add(message);
    return true;
  }

  /** Whether the client already has {@code message}; the first message past that position ends the check. */
  private boolean isCovered(Message message) {
    StreamPosition known = covered.get(message.channel());
    if (known == null) {
      return false;
    }
    if (known.epoch().equals(message.epoch()) && message.offset() <= known.offset()) {
      return true;
    }
    covered.remove(message.channel());
    return false;
  }

  /** Closes with 4510: the client resumes from its last offset and learns whether that still works. */
  @Override
  public void lost(String channel) {
    metrics().dropped("broker_gap");
    close(CloseReason.LOST_MESSAGES);
  }

  /** The stable word for "access withdrawn" in {@code unsubscribed} frames and events. */
  public static final String ACCESS_REVOKED = "access_revoked";

  /** How soon a revocation looks again at a subscription that was still being set up. */
  static final long REVOKE_RETRY_MS = 20;

  /**
   * Ends a subscription whose access was withdrawn and tells the client. A subscription still being set up was
   * authorized against the old state; it is ended as soon as it is in place (or forgotten if it failed).
   */
  @Override
  public final void revoke(String channel, String reason) {
    if (!closed && pending.contains(channel)) {
      gateway.vertx().setTimer(REVOKE_RETRY_MS, id -> revoke(channel, reason));
      return;
    }
    if (closed || !channels.remove(channel)) {
      return;
    }
    discard(channel);
    hub().unsubscribe(gateway.index(), this, ChannelName.parse(channel));
    revoked(channel, reason);
  }

  /** Tells the client its subscription to {@code channel} ended: {@value #ACCESS_REVOKED}, with the reason. */
  protected abstract void revoked(String channel, String reason);

  /** Writes a message or signal to the transport; returns {@code false} when it could not. */
  protected abstract boolean write(Message message);

  /** Writes without flushing, when the transport can; {@link #flush} follows. */
  protected boolean writeUnflushed(Message message) {
    return write(message);
  }

  /** Holds back live messages of {@code channel} until {@link #release}. */
  protected void hold(String channel) {
    held.put(channel, new ArrayList<>());
  }

  /**
   * Writes the replayed messages and goes live for the channel: the held live messages, and any still on their
   * way, are delivered unless the replay or the position the client was told ({@code known}, or {@code null}:
   * after {@code recovered:false} it refetches state up to there, so older messages would only repeat it)
   * already covers them.
   */
  protected void release(String channel, List<Message> replay, StreamPosition known) {
    List<Message> waiting = held.remove(channel);
    StreamPosition position = known;
    for (Message message : replay) {
      write(message);
      position = new StreamPosition(message.offset(), message.epoch());
    }
    if (position != null) {
      covered.put(channel, position);
    }
    if (waiting != null) {
      waiting.forEach(this::deliver);
    }
  }

  /** Drops what was held for a channel whose subscription failed. */
  protected void discard(String channel) {
    held.remove(channel);
    covered.remove(channel);
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
    held.clear();
    covered.clear();
    for (String channel : channels) {
      hub().unsubscribe(gateway.index(), this, ChannelName.parse(channel));
    }
    channels.clear();
    gateway.sessions().remove(this);
    metrics().connectionClosed(protocol());
    onRelease();
  }

  /** Releases what a protocol holds beyond subscriptions; called once, after {@link #onClosed}. */
  protected void onRelease() {
  }
}
