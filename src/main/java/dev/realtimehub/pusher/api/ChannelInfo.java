package dev.realtimehub.pusher.api;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The attributes of a hub channel that the Pusher API reports, counted across the whole hub: {@code user_count}
 * (distinct present users, presence types only) and {@code subscription_count} (subscriptions of every protocol).
 */
final class ChannelInfo {

  private final Hub hub;

  ChannelInfo(Hub hub) {
    this.hub = hub;
  }

  boolean hasPresence(ChannelName channel) {
    return hub.authorizer().types().typeOf(channel).options().presence();
  }

  /**
   * The attributes in {@code info}; {@code user_count} of a channel without presence is a {@code BAD_REQUEST} when
   * {@code strict}, else left out.
   */
  Future<JsonObject> attributes(ChannelName channel, Set<String> info, boolean strict) {
    JsonObject attributes = new JsonObject();
    List<Future<?>> reads = new ArrayList<>();
    if (info.contains("user_count")) {
      if (hasPresence(channel)) {
        reads.add(hub.signals().roster(channel.value()).onSuccess(roster -> attributes.put("user_count",
          roster.count())));
      } else if (strict) {
        return Future.failedFuture(HubException.badRequest("info: user_count is only available for presence "
          + "channels"));
      }
    }
    if (info.contains("subscription_count")) {
      reads.add(hub.counts().subscriptions(channel.value()).onSuccess(count -> attributes.put("subscription_count",
        count)));
    }
    return Future.all(reads).map(attributes);
  }
}
