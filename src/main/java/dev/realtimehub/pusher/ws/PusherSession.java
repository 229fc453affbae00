package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.RateLimiter;
import dev.realtimehub.gateway.ws.FrameWriter;
import dev.realtimehub.gateway.ws.WebSocketSession;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A connection speaking the Pusher Channels protocol (version 7) on {@code /app/{key}}. It only translates: each
 * subscription is a subscription of the hub channel behind the Pusher name, so policy, presence, history and
 * fan-out are the core's. Pusher-level liveness: after {@code pusher.activity_timeout_seconds} without a message
 * from the client the hub sends {@code pusher:ping} and closes with 4201 when nothing arrives within
 * {@code pusher.pong_timeout_seconds}; transport pings keep proxies and the idle timeout away meanwhile.
 */
public final class PusherSession extends WebSocketSession {

  private static final Logger log = LoggerFactory.getLogger(PusherSession.class);
  public static final String PROTOCOL = "pusher";

  /** A subscription: the name the client used, whether that is the canonical one, the presence user if any. */
  record Sub(PusherChannel channel, boolean canonical, String presenceUser) {
  }

  private final PusherContext pusher;
  private final PusherApp app;
  private final RateLimiter rate;
  private final long activityNanos;
  private final long pongTimeoutNanos;
  final Map<String, Sub> subs = new HashMap<>();
  private final PusherSubscriptions subscriptions;
  private final ClientEvents clientEvents;
  private long lastMessageNanos = System.nanoTime();
  private long pingSentNanos;
  private String signedInUser;

  private PusherSession(GatewayContext gateway, PusherContext pusher, ServerWebSocket ws, FrameWriter frames,
                        PusherApp app) {
    super(gateway, ws, frames, GatewayContext.nextSessionId(), HubPrincipal.anonymous());
    this.pusher = pusher;
    this.app = app;
    this.rate = new RateLimiter(gateway.config().ws().ratePerSecond(), gateway.config().ws().rateBurst(),
      System.nanoTime());
    this.activityNanos = TimeUnit.SECONDS.toNanos(pusher.settings().activityTimeoutSeconds());
    this.pongTimeoutNanos = TimeUnit.SECONDS.toNanos(pusher.settings().pongTimeoutSeconds());
    this.subscriptions = new PusherSubscriptions(this, pusher);
    this.clientEvents = new ClientEvents(this, pusher);
  }

  static void start(GatewayContext gateway, PusherContext pusher, ServerWebSocket ws, FrameWriter frames,
                    PusherApp app) {
    PusherSession session = new PusherSession(gateway, pusher, ws, frames, app);
    session.attachTransport();
    ws.textMessageHandler(session::onText);
    gateway.metrics().connectionOpened(PROTOCOL);
    session.sendText(PusherCodec.event("pusher:connection_established", null, new JsonObject()
      .put("socket_id", session.id)
      .put("activity_timeout", pusher.settings().activityTimeoutSeconds())
      .encode()));
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  PusherApp app() {
    return app;
  }

  String signedInUser() {
    return signedInUser;
  }

  /** The user of {@code pusher:signin}: the one whose connections {@code terminate_connections} ends. */
  @Override
  public String userId() {
    return signedInUser;
  }

  /** Pusher closes the connections of a terminated user with 4009 (unauthorized: pusher-js does not retry). */
  @Override
  protected CloseReason terminatedReason() {
    return PusherErrorCode.UNAUTHORIZED.close(CloseReason.TERMINATED.reason());
  }

  /** The presence user of a presence subscription; elsewhere the signed-in user (typing), or {@code null}. */
  @Override
  public String presenceUser(String channel) {
    Sub sub = subs.get(channel);
    return sub != null && sub.presenceUser() != null ? sub.presenceUser() : signedInUser;
  }

  @Override
  protected boolean write(Message message) {
    return write(message, true);
  }

  @Override
  protected boolean writeUnflushed(Message message) {
    return write(message, false);
  }

  private boolean write(Message message, boolean flush) {
    Sub sub = subs.get(message.channel());
    Publication.Kind kind = message.publication().kind();
    boolean presence = sub != null && sub.channel().access() == PusherChannel.Access.PRESENCE;
    if (sub == null || kind == Publication.Kind.TYPING || kind == Publication.Kind.READ
      || (kind == Publication.Kind.PRESENCE && !presence)) {
      return false;
    }
    if (sub.canonical()) {
      Buffer frame = message.encoded(pusher.frames());
      return frame != null && writeFrame(frame, flush);
    }
    Buffer bytes = PusherCodec.encode(message, sub.channel().name(), presence);
    return bytes != null && writeText(bytes, flush);
  }

  @Override
  public void sweep(long nowNanos, long nowEpochSeconds) {
    super.sweep(nowNanos, nowEpochSeconds);
    if (isClosed()) {
      return;
    }
    if (pingSentNanos != 0) {
      if (nowNanos - pingSentNanos >= pongTimeoutNanos - SWEEP_SLACK_NANOS) {
        close(PusherErrorCode.PONG_TIMEOUT.close());
      }
    } else if (nowNanos - lastMessageNanos >= activityNanos - SWEEP_SLACK_NANOS) {
      pingSentNanos = nowNanos;
      sendText(PusherCodec.event("pusher:ping", null, "{}"));
    }
  }

  @Override
  protected void closeTransport(CloseReason reason) {
    super.closeTransport(PusherErrorCode.onWire(reason));
  }

  @Override
  protected void onRelease() {
    pusher.apps().disconnected(app);
  }

  private void onText(String text) {
    lastMessageNanos = System.nanoTime();
    pingSentNanos = 0;
    switch (rate.acquire(lastMessageNanos)) {
      case ABUSIVE -> {
        metrics().clientError("rate_abuse");
        close(CloseReason.RATE_LIMITED);
        return;
      }
      case LIMITED -> {
        error(PusherErrorCode.INVALID_MESSAGE, "too many messages: slow down", false);
        return;
      }
      case ALLOWED -> { }
    }
    PusherFrame frame;
    try {
      frame = PusherCodec.decode(text);
    } catch (HubException e) {
      error(PusherErrorCode.INVALID_MESSAGE, e.getMessage(), true);
      return;
    }
    handle(frame);
  }

  private void handle(PusherFrame frame) {
    if (frame instanceof PusherFrame.Ping) {
      sendText(PusherCodec.event("pusher:pong", null, "{}"));
    } else if (frame instanceof PusherFrame.Subscribe subscribe) {
      subscriptions.subscribe(subscribe);
    } else if (frame instanceof PusherFrame.Unsubscribe unsubscribe) {
      subscriptions.unsubscribe(unsubscribe);
    } else if (frame instanceof PusherFrame.Signin signin) {
      signin(signin);
    } else if (frame instanceof PusherFrame.ClientEvent event) {
      clientEvents.handle(event);
    }
  }

  /** Verifies {@code pusher:signin}; the user may then subscribe to its own {@code #server-to-user-{id}}. */
  private void signin(PusherFrame.Signin frame) {
    String refusal = null;
    String userId = null;
    if (!app.settings().userAuthentication()) {
      refusal = "user authentication is not enabled for this app";
    } else if (!app.signer().verifyUserAuth(frame.auth(), id, frame.userData())) {
      refusal = "invalid signature for pusher:signin";
    } else {
      userId = signedInId(frame.userData());
      if (userId == null) {
        refusal = "user_data must be a JSON object with a non-empty string id of at most 128 characters";
      } else if (signedInUser != null && !signedInUser.equals(userId)) {
        refusal = "already signed in as another user";
      }
    }
    if (refusal != null) {
      metrics().pusherSignin("refused");
      error(PusherErrorCode.UNAUTHORIZED, refusal, true);
      return;
    }
    signedInUser = userId;
    metrics().pusherSignin("ok");
    sendText(PusherCodec.event("pusher:signin_success", null, new JsonObject().put("user_data", frame.userData())));
  }

  private static String signedInId(String userData) {
    try {
      if (Json.decodeValue(userData) instanceof JsonObject data && data.getValue("id") instanceof String userId
        && !userId.isEmpty() && userId.length() <= PresenceData.MAX_USER_ID) {
        return userId;
      }
    } catch (DecodeException e) {
      return null;
    }
    return null;
  }

  /**
   * Answers {@code pusher:error}; the connection stays open. Errors that {@code counts} spend the per-minute
   * budget of ws.max_errors, beyond which the connection is closed (4100: reconnect after a back-off).
   */
  void error(PusherErrorCode code, String message, boolean counts) {
    metrics().clientError(code == PusherErrorCode.CLIENT_EVENT_RATE ? "rate_limited" : "pusher_" + code.code());
    if (counts && overErrorBudget()) {
      close(CloseReason.BAD_REQUEST);
      return;
    }
    sendText(PusherCodec.error(code, message));
  }

  /** Answers {@code pusher:subscription_error} for a refused subscription; the connection stays open. */
  void subscriptionError(String channel, HubException failure) {
    int status = failure.code().status();
    metrics().pusherSubscriptionError(status);
    log.debug("pusher subscribe refused socketId={} channel={} status={}", id, channel, status);
    if (failure.code() != HubErrorCode.RATE_LIMITED && overErrorBudget()) {
      close(CloseReason.BAD_REQUEST);
      return;
    }
    String type = status == 401 || status == 403 ? "AuthError" : status >= 500 ? "ServerError" : "SubscriptionError";
    sendText(PusherCodec.subscriptionError(channel, type, failure.getMessage(), status));
  }

  void send(String frame) {
    sendText(frame);
  }

  /**
   * The Pusher protocol has no server-side unsubscribe: a withdrawn subscription is reported as a
   * {@code pusher:subscription_error} (403, {@code AuthError}) on the name the client subscribed with, which
   * pusher-js hands to that channel's error handlers.
   */
  @Override
  protected void revoked(String channel, String reason) {
    Sub sub = subs.remove(channel);
    String name = sub == null ? channel : sub.channel().name();
    sendText(PusherCodec.subscriptionError(name, "AuthError", ACCESS_REVOKED + ": " + reason, 403));
  }

  // Visible to the subscription and client-event helpers of this package.
  Set<String> hubChannels() {
    return channels;
  }

  Set<String> pendingChannels() {
    return pending;
  }

  void holdChannel(String channel) {
    hold(channel);
  }

  void releaseChannel(String channel, List<Message> replay) {
    release(channel, replay, null);
  }

  void discardChannel(String channel) {
    discard(channel);
  }

  GatewayContext context() {
    return gateway;
  }

  HubMetrics meters() {
    return metrics();
  }
}
