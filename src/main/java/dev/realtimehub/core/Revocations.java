package dev.realtimehub.core;

import dev.realtimehub.channel.ChannelAuthorizer;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Revocation} to the subscribers of one event loop: each covered subscription of the user is
 * authorized again, with the withdrawn claims taken out of the token, and ended when access is now denied. A
 * check that fails for another reason (the membership store unreachable) keeps the subscription and is logged:
 * ending live subscriptions on an outage would punish every user for it.
 */
final class Revocations {

  private static final Logger log = LoggerFactory.getLogger(Revocations.class);

  private final ChannelAuthorizer authorizer;
  private final HubMetrics metrics;

  Revocations(ChannelAuthorizer authorizer, HubMetrics metrics) {
    this.authorizer = authorizer;
    this.metrics = metrics;
  }

  /** Call on the event loop that owns {@code subscriptions}. */
  void apply(Revocation revocation, InstanceSubscriptions subscriptions, Context context) {
    for (Map.Entry<Subscriber, Set<String>> entry : subscriptions.subscriptionsOf(revocation.userId()).entrySet()) {
      Subscriber subscriber = entry.getKey();
      for (String channel : entry.getValue()) {
        if (revocation.covers(channel)) {
          recheck(revocation, subscriber, channel, context);
        }
      }
    }
  }

  private void recheck(Revocation revocation, Subscriber subscriber, String channel, Context context) {
    authorizer.authorizeSubscribe(subscriber.principal().without(revocation.withdrawn()), ChannelName.parse(channel))
      .onComplete(result -> {
        if (result.succeeded()) {
          return;
        }
        HubErrorCode code = HubException.from(result.cause()).code();
        if (code == HubErrorCode.FORBIDDEN || code == HubErrorCode.UNAUTHORIZED) {
          context.runOnContext(v -> end(revocation, subscriber, channel));
        } else {
          metrics.accessRevocation("check_failed");
          log.warn("access re-check failed, subscription kept user={} channel={}: {}", revocation.userId(), channel,
            result.cause().toString());
        }
      });
  }

  private void end(Revocation revocation, Subscriber subscriber, String channel) {
    if (!subscriber.isClosed()) {
      metrics.accessRevocation("ended");
      subscriber.revoke(channel, revocation.reason());
    }
  }
}
