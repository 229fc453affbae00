package dev.realtimehub.gateway.ws;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.RateLimiter;
import dev.realtimehub.history.HistoryRead;
import dev.realtimehub.presence.Roster;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** A connection speaking the native JSON protocol on {@code /ws}. */
public final class NativeSession extends WebSocketSession {

  static final String PROTOCOL = "ws";

  private final HubConfig.Ws limits;
  private final RateLimiter rate;
  private final NativeSignals signals;
  private final long idleNanos;

  private NativeSession(GatewayContext gateway, ServerWebSocket ws, FrameWriter frames, HubPrincipal principal) {
    super(gateway, ws, frames, GatewayContext.nextSessionId(), principal);
    this.limits = gateway.config().ws();
    this.rate = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), System.nanoTime());
    this.signals = new NativeSignals(this, gateway.config().typing().ratePerSecond());
    this.idleNanos = TimeUnit.SECONDS.toNanos(limits.idleTimeoutSeconds());
  }

  static void start(GatewayContext gateway, ServerWebSocket ws, FrameWriter frames, HubPrincipal principal) {
    NativeSession session = new NativeSession(gateway, ws, frames, principal);
    session.attachTransport();
    ws.textMessageHandler(session::onText);
    gateway.metrics().connectionOpened(PROTOCOL);
    session.send(NativeCodec.reply("welcome", null)
      .put("session", session.id)
      .put("user", principal.subject()));
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  protected boolean write(Message message) {
    return writeFrame(message.encoded(NativeCodec.FRAME), true);
  }

  @Override
  protected boolean writeUnflushed(Message message) {
    return writeFrame(message.encoded(NativeCodec.FRAME), false);
  }

  @Override
  public void sweep(long nowNanos, long nowEpochSeconds) {
    super.sweep(nowNanos, nowEpochSeconds);
    if (!isClosed() && nowNanos - lastReceivedNanos > idleNanos) {
      close(CloseReason.STALE);
    }
  }

  private void onText(String text) {
    lastReceivedNanos = System.nanoTime();
    switch (rate.acquire(lastReceivedNanos)) {
      case ABUSIVE -> {
        metrics().clientError("rate_abuse");
        close(CloseReason.RATE_LIMITED);
        return;
      }
      case LIMITED -> {
        reject(null, HubException.of(HubErrorCode.RATE_LIMITED, "too many frames: slow down"));
        return;
      }
      case ALLOWED -> { }
    }
    Object id = null;
    try {
      JsonObject json = NativeCodec.parse(text);
      id = NativeCodec.requestId(json);
      handle(NativeCodec.decode(json, id));
    } catch (HubException e) {
      reject(id, e);
    }
  }

  private void handle(NativeFrame frame) {
    if (frame instanceof NativeFrame.Subscribe subscribe) {
      subscribe(subscribe);
    } else if (frame instanceof NativeFrame.Unsubscribe unsubscribe) {
      unsubscribe(unsubscribe);
    } else if (frame instanceof NativeFrame.Publish publish) {
      publish(publish);
    } else if (frame instanceof NativeFrame.Ping ping) {
      send(NativeCodec.reply("pong", ping.id()));
    } else if (frame instanceof NativeFrame.Typing typing) {
      signals.typing(typing);
    } else if (frame instanceof NativeFrame.Read read) {
      signals.read(read);
    } else if (frame instanceof NativeFrame.Reads reads) {
      signals.reads(reads);
    }
  }

  private void subscribe(NativeFrame.Subscribe frame) {
    ChannelName channel = ChannelName.parse(frame.channel());
    if (channels.contains(channel.value())) {
      throw HubException.of(HubErrorCode.CONFLICT, "already subscribed to " + channel);
    }
    if (channels.size() >= limits.maxSubscriptions()) {
      throw HubException.of(HubErrorCode.RATE_LIMITED, "at most " + limits.maxSubscriptions() + " subscriptions");
    }
    channels.add(channel.value());
    pending.add(channel.value());
    if (frame.since() != null) {
      hold(channel.value());
    }
    hub().subscribe(gateway.index(), this, channel)
      .compose(subscription -> recover(frame, channel, subscription))
      .onSuccess(result -> subscribed(frame, channel, result))
      .onFailure(failure -> {
        pending.remove(channel.value());
        channels.remove(channel.value());
        hub().unsubscribe(gateway.index(), this, channel);
        discard(channel.value());
        reject(frame.id(), HubException.from(failure));
      });
  }

  /** A subscription and, when the client resumed, what history said about the gap. */
  private record Subscribed(Hub.Subscription subscription, HistoryRead recovery) {
  }

  private Future<Subscribed> recover(NativeFrame.Subscribe frame, ChannelName channel, Hub.Subscription subscription) {
    if (frame.since() == null) {
      return Future.succeededFuture(new Subscribed(subscription, null));
    }
    int limit = Math.max(1, subscription.type().options().historySize());
    return hub().history(channel, frame.since(), frame.epoch(), limit)
      .map(read -> new Subscribed(subscription, read));
  }

  private void subscribed(NativeFrame.Subscribe frame, ChannelName channel, Subscribed result) {
    pending.remove(channel.value());
    if (isClosed()) {
      hub().unsubscribe(gateway.index(), this, channel);
      return;
    }
    HistoryRead recovery = result.recovery();
    StreamPosition position = recovery == null ? result.subscription().position() : recovery.top();
    JsonObject reply = NativeCodec.reply("subscribed", frame.id())
      .put("channel", channel.value())
      .put("offset", position.offset())
      .put("epoch", position.epoch());
    Roster roster = result.subscription().roster();
    if (roster != null) {
      JsonArray members = new JsonArray();
      roster.members().forEach(member -> members.add(member.info()));
      reply.put("presence", members).put("presence_count", roster.count());
    }
    if (recovery != null) {
      reply.put("recovered", recovery.recovered());
    }
    send(reply);
    if (recovery != null) {
      release(channel.value(), recovery.recovered() ? recovery.messages() : List.of(),
        recovery.recovered() ? null : recovery.top());
    }
  }

  private void unsubscribe(NativeFrame.Unsubscribe frame) {
    ChannelName channel = ChannelName.parse(frame.channel());
    if (pending.contains(channel.value())) {
      throw HubException.of(HubErrorCode.CONFLICT, "the subscription to " + channel + " is still in progress");
    }
    if (!channels.remove(channel.value())) {
      throw HubException.notFound("not subscribed to " + channel);
    }
    hub().unsubscribe(gateway.index(), this, channel);
    send(NativeCodec.reply("unsubscribed", frame.id()).put("channel", channel.value()));
  }

  @Override
  protected void revoked(String channel, String reason) {
    send(NativeCodec.reply("unsubscribed", null)
      .put("channel", channel)
      .put("reason", ACCESS_REVOKED)
      .put("message", reason));
  }

  private void publish(NativeFrame.Publish frame) {
    ChannelName channel = ChannelName.parse(frame.channel());
    if (!isSubscribed(channel.value())) {
      throw HubException.forbidden("subscribe to " + channel + " before publishing to it");
    }
    Publication publication = new Publication(channel, frame.event(), frame.data(), principal.subject(), id,
      System.currentTimeMillis());
    hub().authorizer().authorizePublish(principal, channel)
      .compose(type -> hub().publish(publication, "client"))
      .onSuccess(message -> send(NativeCodec.reply("published", frame.id())
        .put("channel", channel.value())
        .put("offset", message.offset())
        .put("epoch", message.epoch())))
      .onFailure(failure -> reject(frame.id(), HubException.from(failure)));
  }

  /** Answers an error; rate-limit errors do not count towards ws.max_errors, the rate limiter has its own close. */
  void reject(Object requestId, HubException error) {
    metrics().clientError(error.code().reason());
    if (error.code() != HubErrorCode.RATE_LIMITED && overErrorBudget()) {
      close(CloseReason.BAD_REQUEST);
      return;
    }
    send(NativeCodec.error(requestId, error));
  }

  void send(JsonObject frame) {
    sendText(frame.encode());
  }
}
