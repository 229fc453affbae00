package dev.realtimehub.broker;

import dev.realtimehub.history.HistoryPolicy;
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
   * Delivers a publication to every node that subscribed to its channel. A message first gets the next
   * offset of its channel and is kept in history under {@code policy}, atomically, and each node's listener
   * sees a channel's messages in offset order; a signal (presence, typing, read) gets no offset and is not
   * kept. Completes once the broker accepted it; fails with an {@code UNAVAILABLE} hub error when the
   * broker cannot be reached.
   */
  Future<Message> publish(Publication publication, HistoryPolicy policy);

  /** This node now has subscribers to {@code channel}; calls are reference-counted by the caller. */
  Future<Void> subscribe(String channel);

  /** This node no longer has subscribers to {@code channel}. */
  Future<Void> unsubscribe(String channel);

  Future<Void> close();
}
