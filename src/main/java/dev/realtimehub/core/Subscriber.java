package dev.realtimehub.core;

import dev.realtimehub.broker.Message;

/**
 * One client connection as the core sees it, whatever its protocol. All methods are called on the event
 * loop that owns the connection.
 */
public interface Subscriber {

  /** The connection's unique id on this node. */
  String id();

  /** The protocol label used in metrics ({@code ws}, {@code sse}, …). */
  String protocol();

  /** Writes a message; returns {@code false} when the connection could not take it (closed or too slow). */
  boolean deliver(Message message);
}
