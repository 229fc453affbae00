package dev.realtimehub.pusher.ws;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.RateLimiter;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@code client-*} events of one session. Accepted when the app enables them, on a private or presence
 * subscription of the sender, within {@code client_event_rate_per_second} (else {@code pusher:error} 4301, never a
 * close) and {@code max_event_bytes}. The hub channel's type must let clients publish; its publish rules are checked
 * against the user the connection is known as (the presence {@code user_id}, else the signed-in user) without token
 * claims, so {@code member:…} and {@code self} rules work and claim-based rules cannot admit a Pusher client.
 * {@code client-typing} on a type with typing also needs no publish rule: it feeds the hub's typing state.
 * Accepted events are published through the core, so every subscriber of the hub channel gets them, except the
 * sender.
 */
final class ClientEvents {

  static final String TYPING_EVENT = "client-typing";

  private final PusherSession session;
  private final PusherContext pusher;
  private final RateLimiter rate;

  ClientEvents(PusherSession session, PusherContext pusher) {
    this.session = session;
    this.pusher = pusher;
    int perSecond = session.app().settings().clientEventRatePerSecond();
    this.rate = new RateLimiter(perSecond, perSecond, System.nanoTime());
  }

  private Hub hub() {
    return session.context().hub();
  }

  void handle(PusherFrame.ClientEvent frame) {
    PusherApp app = session.app();
    if (!app.settings().clientEvents()) {
      refuse("client events are not enabled for this app");
      return;
    }
    PusherChannel channel;
    try {
      channel = PusherChannel.parse(frame.channel());
    } catch (HubException e) {
      refuse(e.getMessage());
      return;
    }
    PusherSession.Sub sub = session.subs.get(channel.hub().value());
    if (channel.access() != PusherChannel.Access.PRIVATE && channel.access() != PusherChannel.Access.PRESENCE) {
      refuse("client events are only accepted on private and presence channels");
      return;
    }
    if (sub == null || !sub.channel().name().equals(frame.channel()) || !session.isSubscribed(channel.hub().value())) {
      refuse("subscribe to " + frame.channel() + " before sending client events to it");
      return;
    }
    if (rate.acquire(System.nanoTime()) != RateLimiter.Verdict.ALLOWED) {
      session.meters().pusherClientEvent("rate_limited");
      session.error(PusherErrorCode.CLIENT_EVENT_RATE, "client event rate limit of "
        + app.settings().clientEventRatePerSecond() + " per second reached", false);
      return;
    }
    String data = PusherCodec.wireData(frame.data());
    if (data.getBytes(StandardCharsets.UTF_8).length > app.settings().maxEventBytes()) {
      refuse("client event data is larger than " + app.settings().maxEventBytes() + " bytes");
      return;
    }
    publish(frame, channel, sub, data);
  }

  private void publish(PusherFrame.ClientEvent frame, PusherChannel channel, PusherSession.Sub sub, String data) {
    String user = sub.presenceUser() != null ? sub.presenceUser() : session.signedInUser();
    ChannelType type = pusher.types().typeOf(channel.hub());
    boolean typing = TYPING_EVENT.equals(frame.event()) && type.options().typing() && user != null;
    Future<?> allowed = typing ? Future.succeededFuture()
      : hub().authorizer().authorizePublish(principal(user), channel.hub());
    Publication publication = new Publication(channel.hub(), frame.event(), frame.data(), user, session.id(),
      System.currentTimeMillis());
    allowed
      .compose(ok -> hub().publish(publication, "client"))
      .onSuccess(message -> {
        session.meters().pusherClientEvent("accepted");
        if (typing) {
          hub().signals().typing(channel.hub(), session, true);
        }
        pusher.activity().clientEvent(session.app(), frame.channel(), frame.event(), data, session.id(),
          sub.presenceUser());
      })
      .onFailure(failure -> refuse(HubException.from(failure).getMessage()));
  }

  /** The user a client event comes from, as the publish rules see it: a subject and no token claims. */
  private static HubPrincipal principal(String user) {
    if (user == null) {
      return HubPrincipal.anonymous();
    }
    return new HubPrincipal(user, Set.of(), Set.of(), new JsonObject().put("sub", user), Long.MAX_VALUE);
  }

  private void refuse(String message) {
    session.meters().pusherClientEvent("refused");
    session.error(PusherErrorCode.CLIENT_EVENT_REFUSED, message, true);
  }
}
