package dev.realtimehub.gateway.ws;

/**
 * A frame a client sends on the native protocol. Every frame may carry an {@code id} (a number or a
 * string of at most 64 characters) that the reply echoes.
 */
public sealed interface NativeFrame {

  Object id();

  record Subscribe(Object id, String channel, String since) implements NativeFrame {
  }

  record Unsubscribe(Object id, String channel) implements NativeFrame {
  }

  record Publish(Object id, String channel, String event, Object data) implements NativeFrame {
  }

  record Ping(Object id) implements NativeFrame {
  }
}
