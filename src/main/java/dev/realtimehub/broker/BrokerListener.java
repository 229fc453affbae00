package dev.realtimehub.broker;

/**
 * Receives every message published on a channel this node subscribed to, from any node. Called on a
 * broker thread or event loop: implementations hand the message on without blocking.
 */
@FunctionalInterface
public interface BrokerListener {

  void onMessage(Message message);
}
