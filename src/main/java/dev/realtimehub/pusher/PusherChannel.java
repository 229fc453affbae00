package dev.realtimehub.pusher;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelRule;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.channel.ChannelTypes;

/**
 * A channel as Pusher clients name it, mapped onto the hub channel behind it. The prefixes only tell pusher-js how
 * to authorize ({@code private-}, {@code presence-}, {@code private-encrypted-}) and whether to expect the last
 * event on subscribing ({@code cache-}, {@code private-cache-}, {@code presence-cache-}); the hub channel's type
 * decides who may subscribe, whatever the prefix. {@code #server-to-user-{id}} is the hub channel {@code user.{id}}.
 *
 * @param name    the name the client used, written back on every event of the subscription
 * @param hub     the hub channel
 * @param access  how the client authorizes
 * @param cache   whether the subscription starts with the channel's last event or {@code pusher:cache_miss}
 */
public record PusherChannel(String name, ChannelName hub, Access access, boolean cache) {

  /** How a subscription is authorized. */
  public enum Access {
    /** No signature: only types every connection may subscribe to. */
    PUBLIC,
    /** A signature over {@code socket_id:channel}. */
    PRIVATE,
    /** A signature over {@code socket_id:channel:channel_data}; the roster comes with the subscription. */
    PRESENCE,
    /** The signed-in user's own channel, {@code #server-to-user-{id}}. */
    USER
  }

  public static final String USER_PREFIX = "#server-to-user-";
  /** Longest Pusher channel name accepted: Pusher's own limit. */
  public static final int MAX_NAME_LENGTH = 200;

  /**
   * Parses a Pusher channel name.
   *
   * @throws dev.realtimehub.error.HubException {@code BAD_REQUEST} when the rest is no hub channel name
   */
  public static PusherChannel parse(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw dev.realtimehub.error.HubException.badRequest("channel name must be 1 to " + MAX_NAME_LENGTH
        + " characters");
    }
    if (name.startsWith(USER_PREFIX)) {
      return new PusherChannel(name, ChannelName.parse("user." + name.substring(USER_PREFIX.length())), Access.USER,
        false);
    }
    String[][] prefixes = {
      {"presence-cache-", "PRESENCE", "cache"}, {"private-encrypted-cache-", "PRIVATE", "cache"},
      {"private-cache-", "PRIVATE", "cache"}, {"private-encrypted-", "PRIVATE", ""}, {"cache-", "PUBLIC", "cache"},
      {"presence-", "PRESENCE", ""}, {"private-", "PRIVATE", ""}};
    for (String[] prefix : prefixes) {
      if (name.startsWith(prefix[0])) {
        return new PusherChannel(name, ChannelName.parse(name.substring(prefix[0].length())),
          Access.valueOf(prefix[1]), !prefix[2].isEmpty());
      }
    }
    return new PusherChannel(name, ChannelName.parse(name), Access.PUBLIC, false);
  }

  /** Whether a channel of this type may be subscribed to without any authorization. */
  public static boolean isPublicType(ChannelType type) {
    return type.subscribe().stream().anyMatch(rule -> rule instanceof ChannelRule.Anyone);
  }

  /**
   * The name Pusher clients know a hub channel by: {@code presence-} for types with presence, {@code private-} for
   * types that need authorization, the bare name otherwise. Channel lists and webhooks use it.
   */
  public static String canonicalName(ChannelName hub, ChannelTypes types) {
    ChannelType type = types.typeOf(hub);
    if (type.options().presence()) {
      return "presence-" + hub.value();
    }
    return isPublicType(type) ? hub.value() : "private-" + hub.value();
  }
}
