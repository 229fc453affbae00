package dev.realtimehub.broker;

import io.vertx.core.Future;

/**
 * Fan-out of messages between the nodes of a hub. The memory broker serves one node; the Redis broker
 * joins several. Delivery is at most once per node: a message published while a node is cut off from the
 * broker is not replayed by the broker (clients recover it from history).
 *
 * <p>Every method is non-blocking and safe to call from any event loop.
 */
public interface Broker {

  /** Sets the node's single listener. Called once, before the first subscribe. */
  void listener(BrokerListener listener);

  /**
   * Gives the publication the next offset of its channel and delivers it to every node that subscribed
   * to the channel. Completes once the broker accepted it; fails with an {@code UNAVAILABLE} hub error
   * when the broker cannot be reached.
   */
  Future<Message> publish(Publication publication);

  /** This node now has subscribers to {@code channel}; calls are reference-counted by the caller. */
  Future<Void> subscribe(String channel);

  /** This node no longer has subscribers to {@code channel}. */
  Future<Void> unsubscribe(String channel);

  /** The position of the channel's last message (offset 0 when nothing was published yet). */
  Future<StreamPosition> position(String channel);

  Future<Void> close();
}
