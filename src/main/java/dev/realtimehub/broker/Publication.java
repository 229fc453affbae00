package dev.realtimehub.broker;

import dev.realtimehub.channel.ChannelName;

import java.util.Objects;

/**
 * A message someone asked the hub to publish, before the broker gives it a position in its channel.
 *
 * @param channel        where it goes
 * @param event          the event name
 * @param data           any JSON value (object, array, string, number, boolean or {@code null})
 * @param publisher      the user who published it from a client connection, or {@code null} for servers
 * @param excludeSession a session that must not receive it (the publisher's own), or {@code null}
 * @param ts             when the hub accepted it, epoch milliseconds
 */
public record Publication(ChannelName channel, String event, Object data, String publisher, String excludeSession,
                          long ts) {

  public Publication {
    Objects.requireNonNull(channel);
    Objects.requireNonNull(event);
  }
}
