package dev.realtimehub.occupancy;

import dev.realtimehub.core.ChannelDirectory;
import io.vertx.core.Future;

import java.util.List;

/**
 * How many subscriptions each channel has across the whole hub, and which channels became occupied or vacated.
 * The memory implementation reads the node's {@link ChannelDirectory}; the Redis one adds up every node's counts,
 * so that a cluster reports one number and announces each transition once, on one node. Non-blocking and safe
 * from any thread.
 *
 * <p>Transitions are settled: a channel vacated and occupied again within the settle delay announces neither,
 * the way Pusher holds back {@code channel_vacated} while a client reconnects.
 */
public interface ChannelCounts {

  /** Hears settled transitions; called once per transition across the cluster, on any thread. */
  interface Listener {
    void occupied(String channel);

    void vacated(String channel);
  }

  /** Sets the single listener; the default one ignores transitions. */
  void listener(Listener listener);

  /** The node's subscription count of {@code channel} changed; called after {@link ChannelDirectory} changed. */
  void changed(String channel);

  /** The channel's subscriptions across the hub; eventually consistent in a cluster. */
  Future<Integer> subscriptions(String channel);

  /** Occupied channels whose name starts with {@code prefix}, sorted by name, at most {@code limit}. */
  Future<List<ChannelDirectory.Occupancy>> occupied(String prefix, int limit);

  /** Tells the cluster this node is alive; a no-op in memory. */
  default Future<Void> heartbeat() {
    return Future.succeededFuture();
  }

  /**
   * Removes the counts of nodes that stopped their heartbeat and announces the vacates whose settle delay is over;
   * a no-op in memory. Every node calls it periodically.
   */
  default Future<Void> expire() {
    return Future.succeededFuture();
  }

  /** Completes once this node's changes so far are shared; called before the node stops. */
  default Future<Void> flush() {
    return Future.succeededFuture();
  }
}
