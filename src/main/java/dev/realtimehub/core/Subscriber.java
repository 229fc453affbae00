package dev.realtimehub.core;

import dev.realtimehub.auth.HubPrincipal;
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

  /** Who is connected; presence and typing take the user from here. */
  HubPrincipal principal();

  /**
   * The user this connection is present as in {@code channel} (presence and typing), or {@code null} when it
   * takes no part in them there. Defaults to the token's subject; a protocol whose user comes from elsewhere (a
   * signed Pusher {@code channel_data}) overrides it.
   */
  default String presenceUser(String channel) {
    return principal().subject();
  }

  /** Whether the connection ended; a closed subscriber is never attached to a channel. */
  boolean isClosed();

  /**
   * Messages of {@code channel} were lost before reaching this node; the connection must learn that its
   * position is no longer trustworthy (it reconnects and resumes, and is told whether recovery worked).
   */
  void lost(String channel);

  /** Writes a message or signal; returns {@code false} when the connection could not take it. */
  boolean deliver(Message message);

  /**
   * Writes a message without pushing it to the network yet; {@link #flush} follows once the current batch
   * of messages is written. Transports without a cheaper path just deliver.
   */
  default boolean deliverUnflushed(Message message) {
    return deliver(message);
  }

  /** Pushes what {@link #deliverUnflushed} wrote. */
  default void flush() {
  }
}
