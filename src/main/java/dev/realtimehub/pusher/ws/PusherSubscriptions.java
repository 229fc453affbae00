package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.presence.PresenceMember;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;

import java.util.List;

/**
 * {@code pusher:subscribe} and {@code pusher:unsubscribe} of one session. Access by prefix: a bare or {@code cache-}
 * name only reaches types every connection may subscribe to (checked by the core, as for native clients); a
 * {@code private-} or {@code presence-} name needs the app's signature, which is the app's authorization of this
 * socket, so the type's rules are not checked again here (the hub's own {@code /pusher/auth} checks them before it
 * signs); {@code #server-to-user-{id}} needs a sign-in as that user.
 */
final class PusherSubscriptions {

  /** A subscription granted, and the last event of a cache channel ({@code null} when not a cache channel). */
  private record Granted(Hub.Subscription subscription, List<Message> cached) {
  }

  private final PusherSession session;
  private final PusherContext pusher;

  PusherSubscriptions(PusherSession session, PusherContext pusher) {
    this.session = session;
    this.pusher = pusher;
  }

  private Hub hub() {
    return session.context().hub();
  }

  void subscribe(PusherFrame.Subscribe frame) {
    PusherChannel channel;
    Future<Hub.Subscription> attached;
    String hubName;
    try {
      channel = PusherChannel.parse(frame.channel());
      hubName = channel.hub().value();
      checkFree(frame.channel(), hubName);
      PresenceMember member = authorize(channel, frame);
      session.subs.put(hubName, new PusherSession.Sub(channel,
        frame.channel().equals(PusherChannel.canonicalName(channel.hub(), pusher.types())),
        member == null ? null : member.id()));
      session.hubChannels().add(hubName);
      session.pendingChannels().add(hubName);
      session.holdChannel(hubName);
      attached = subscribeInCore(channel, member);
    } catch (HubException e) {
      session.subscriptionError(frame.channel(), e);
      return;
    }
    attached
      .compose(subscription -> channel.cache()
        ? hub().latest(channel.hub(), 1).map(last -> new Granted(subscription, last))
        : Future.succeededFuture(new Granted(subscription, null)))
      .onSuccess(granted -> subscribed(channel, granted))
      .onFailure(failure -> {
        session.pendingChannels().remove(hubName);
        session.hubChannels().remove(hubName);
        hub().unsubscribe(session.context().index(), session, channel.hub());
        session.subs.remove(hubName);
        session.discardChannel(hubName);
        session.subscriptionError(frame.channel(), HubException.from(failure));
      });
  }

  private void checkFree(String name, String hubName) {
    if (session.hubChannels().contains(hubName) || session.pendingChannels().contains(hubName)) {
      PusherSession.Sub existing = session.subs.get(hubName);
      String as = existing == null ? name : existing.channel().name();
      throw HubException.of(HubErrorCode.CONFLICT, "already subscribed to " + hubName + " as " + as);
    }
    int max = session.context().config().ws().maxSubscriptions();
    if (session.hubChannels().size() >= max) {
      throw HubException.of(HubErrorCode.RATE_LIMITED, "at most " + max + " subscriptions");
    }
  }

  /** Checks the access the prefix asks for; returns the presence member, or {@code null}. */
  private PresenceMember authorize(PusherChannel channel, PusherFrame.Subscribe frame) {
    ChannelType type = pusher.types().typeOf(channel.hub());
    PusherApp app = session.app();
    return switch (channel.access()) {
      case PUBLIC -> {
        if (!PusherChannel.isPublicType(type)) {
          throw HubException.forbidden(type.name() + " channels need authorization: subscribe as private-"
            + channel.hub() + (type.options().presence() ? " or presence-" + channel.hub() : ""));
        }
        yield null;
      }
      case PRIVATE -> {
        requireSignature(app.signer().verifyChannelAuth(frame.auth(), session.id(), frame.channel(), null));
        yield null;
      }
      case PRESENCE -> {
        if (!type.options().presence()) {
          throw HubException.badRequest(type.name() + " channels have no presence: subscribe as private-"
            + channel.hub());
        }
        requireSignature(frame.channelData() != null
          && app.signer().verifyChannelAuth(frame.auth(), session.id(), frame.channel(), frame.channelData()));
        yield PresenceData.member(frame.channelData());
      }
      case USER -> {
        if (session.signedInUser() == null || !channel.hub().id().equals(session.signedInUser())) {
          throw HubException.forbidden("sign in as user " + channel.hub().id() + " before subscribing to "
            + frame.channel());
        }
        yield null;
      }
    };
  }

  private static void requireSignature(boolean valid) {
    if (!valid) {
      throw HubException.unauthorized("invalid signature");
    }
  }

  private Future<Hub.Subscription> subscribeInCore(PusherChannel channel, PresenceMember member) {
    int index = session.context().index();
    if (channel.access() == PusherChannel.Access.PUBLIC) {
      return hub().subscribe(index, session, channel.hub());
    }
    return hub().subscribeVouched(index, session, channel.hub(), member,
      session.app().settings().maxPresenceMembers());
  }

  private void subscribed(PusherChannel channel, Granted granted) {
    String hubName = channel.hub().value();
    session.pendingChannels().remove(hubName);
    if (session.isClosed() || !session.hubChannels().contains(hubName)) {
      hub().unsubscribe(session.context().index(), session, channel.hub());
      session.subs.remove(hubName);
      session.discardChannel(hubName);
      return;
    }
    String data = granted.subscription().roster() != null && channel.access() == PusherChannel.Access.PRESENCE
      ? PresenceData.subscriptionData(granted.subscription().roster()) : "{}";
    session.send(PusherCodec.event("pusher_internal:subscription_succeeded", channel.name(), data));
    if (granted.cached() == null) {
      session.releaseChannel(hubName, List.of());
    } else if (granted.cached().isEmpty()) {
      session.send(PusherCodec.event("pusher:cache_miss", channel.name(), null));
      pusher.activity().cacheMiss(session.app(), channel.name());
      session.releaseChannel(hubName, List.of());
    } else {
      session.releaseChannel(hubName, granted.cached());
    }
  }

  /** Pusher sends no reply to an unsubscribe; an unknown channel is ignored the same way. */
  void unsubscribe(PusherFrame.Unsubscribe frame) {
    ChannelName hubChannel;
    try {
      hubChannel = PusherChannel.parse(frame.channel()).hub();
    } catch (HubException e) {
      session.error(PusherErrorCode.INVALID_MESSAGE, e.getMessage(), true);
      return;
    }
    String hubName = hubChannel.value();
    PusherSession.Sub sub = session.subs.get(hubName);
    if (sub == null || !sub.channel().name().equals(frame.channel()) || !session.hubChannels().remove(hubName)) {
      return;
    }
    // A subscription still in progress is finished and then undone by subscribed().
    if (!session.pendingChannels().contains(hubName)) {
      hub().unsubscribe(session.context().index(), session, hubChannel);
      session.subs.remove(hubName);
    }
  }
}
