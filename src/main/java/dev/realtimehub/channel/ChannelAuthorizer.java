package dev.realtimehub.channel;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;

import java.util.List;

/**
 * Decides subscribe and client-publish access. Token rules are checked first; membership rules ask the
 * store only when no token rule admitted the principal. Thread-safe.
 */
public final class ChannelAuthorizer {

  private final ChannelTypes types;
  private final MembershipStore memberships;

  public ChannelAuthorizer(ChannelTypes types, MembershipStore memberships) {
    this.types = types;
    this.memberships = memberships;
  }

  public ChannelTypes types() {
    return types;
  }

  /** Succeeds with the channel's type when the principal may subscribe; fails with a hub error otherwise. */
  public Future<ChannelType> authorizeSubscribe(HubPrincipal principal, ChannelName channel) {
    return authorize(principal, channel, false);
  }

  /** Succeeds with the channel's type when the principal may publish from a client connection. */
  public Future<ChannelType> authorizePublish(HubPrincipal principal, ChannelName channel) {
    return authorize(principal, channel, true);
  }

  private Future<ChannelType> authorize(HubPrincipal principal, ChannelName channel, boolean publish) {
    ChannelType type;
    try {
      type = types.typeOf(channel);
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    List<ChannelRule> rules = publish ? type.publish() : type.subscribe();
    String action = publish ? "publish to" : "subscribe to";
    if (publish && rules.isEmpty()) {
      return Future.failedFuture(HubException.forbidden("clients may not publish to " + type.name() + " channels"));
    }
    for (ChannelRule rule : rules) {
      if (rule instanceof ChannelRule.Local local && local.admits(principal, channel)) {
        return Future.succeededFuture(type);
      }
    }
    return anyMembership(rules, 0, principal, channel)
      .compose(member -> member
        ? Future.succeededFuture(type)
        : Future.failedFuture(denied(principal, action, channel)));
  }

  private Future<Boolean> anyMembership(List<ChannelRule> rules, int from, HubPrincipal principal,
                                        ChannelName channel) {
    if (!principal.authenticated()) {
      return Future.succeededFuture(false);
    }
    for (int i = from; i < rules.size(); i++) {
      if (rules.get(i) instanceof ChannelRule.Member member) {
        int next = i + 1;
        return memberships.isMember(member.kind(), channel.id(), principal.subject())
          .compose(found -> found ? Future.succeededFuture(true) : anyMembership(rules, next, principal, channel));
      }
    }
    return Future.succeededFuture(false);
  }

  private static HubException denied(HubPrincipal principal, String action, ChannelName channel) {
    return principal.authenticated()
      ? HubException.forbidden("not allowed to " + action + " " + channel)
      : HubException.unauthorized("a token is needed to " + action + " " + channel);
  }
}
