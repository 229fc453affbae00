package dev.realtimehub.broker;

/**
 * Receives every message published on a channel this node subscribed to, from any node. Called on a
 * broker thread or event loop: implementations hand the message on without blocking.
 */
@FunctionalInterface
public interface BrokerListener {

  void onMessage(Message message);

  /**
   * Messages of {@code channel} were lost between the broker and this node and cannot be recovered from
   * history (a broker outage that also lost the history, for instance). Subscribers must be told.
   */
  default void onGap(String channel) {
  }
}
