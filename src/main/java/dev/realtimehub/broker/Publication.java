package dev.realtimehub.broker;

import dev.realtimehub.channel.ChannelName;

import java.util.Objects;

/**
 * Something to deliver to a channel's subscribers, before the broker gives it a position.
 *
 * @param kind           a message (kept in history, with an offset) or a transient signal
 * @param channel        where it goes
 * @param event          the event name of a message; the signal's action for signals
 * @param data           any JSON value for messages; the signal's fields (a JSON object) for signals
 * @param publisher      the user who published it from a client connection, or {@code null} for servers
 * @param excludeSession a session that must not receive it (the publisher's own), or {@code null}
 * @param ts             when the hub accepted it, epoch milliseconds
 */
public record Publication(Kind kind, ChannelName channel, String event, Object data, String publisher,
                          String excludeSession, long ts) {

  /** What is delivered. Only messages have offsets and are kept for recovery. */
  public enum Kind {
    MESSAGE("message"), PRESENCE("presence"), TYPING("typing"), READ("read"),
    /** An instruction to every node (such as ending a user's connections), never delivered to subscribers. */
    CONTROL("control");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The frame type on the wire. */
    public String wire() {
      return wire;
    }
  }

  public Publication {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(event);
  }

  /** A message. */
  public Publication(ChannelName channel, String event, Object data, String publisher, String excludeSession,
                     long ts) {
    this(Kind.MESSAGE, channel, event, data, publisher, excludeSession, ts);
  }

  public boolean isMessage() {
    return kind == Kind.MESSAGE;
  }
}
