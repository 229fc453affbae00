package dev.realtimehub.broker;

/**
 * A position in a channel's stream of messages. Offsets grow by one per message; the epoch changes when
 * the stream is reset (a restarted memory broker, a flushed Redis), which makes older offsets meaningless.
 */
public record StreamPosition(long offset, String epoch) {

  /** The position of a transient signal, which has none. */
  public static final StreamPosition NONE = new StreamPosition(0, "");
}
