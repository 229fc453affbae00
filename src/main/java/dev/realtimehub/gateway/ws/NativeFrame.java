package dev.realtimehub.gateway.ws;

/**
 * A frame a client sends on the native protocol. Every frame may carry an {@code id} (a number or a
 * string of at most 64 characters) that the reply echoes.
 */
public sealed interface NativeFrame {

  Object id();

  /** Subscribe; with {@code since} (the last offset seen, in {@code epoch}) missed messages are replayed. */
  record Subscribe(Object id, String channel, Long since, String epoch) implements NativeFrame {
  }

  record Unsubscribe(Object id, String channel) implements NativeFrame {
  }

  record Publish(Object id, String channel, String event, Object data) implements NativeFrame {
  }

  record Ping(Object id) implements NativeFrame {
  }

  /** The sender starts or stops typing in a channel. */
  record Typing(Object id, String channel, boolean start) implements NativeFrame {
  }

  /** The sender has read the channel up to {@code offset}. */
  record Read(Object id, String channel, long offset) implements NativeFrame {
  }

  /** Asks for every member's last read offset in a channel. */
  record Reads(Object id, String channel) implements NativeFrame {
  }
}
