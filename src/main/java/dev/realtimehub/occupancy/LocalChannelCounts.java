package dev.realtimehub.occupancy;

import dev.realtimehub.core.ChannelDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Occupancy of the single-node hub, read from its {@link ChannelDirectory}. Transitions are reconciled against
 * the directory's current count under one lock, so racing event loops cannot announce a channel twice or
 * announce it vacated while it has subscribers.
 */
public final class LocalChannelCounts implements ChannelCounts {

  private final Vertx vertx;
  private final ChannelDirectory directory;
  private final long settleMs;
  private final Set<String> announced = new HashSet<>();
  private final Map<String, Long> vacating = new HashMap<>();
  /** A listener that ignores every transition. */
  static final Listener IGNORE = new Listener() {
    @Override
    public void occupied(String channel) {
    }

    @Override
    public void vacated(String channel) {
    }
  };

  private volatile Listener listener = IGNORE;

  public LocalChannelCounts(Vertx vertx, ChannelDirectory directory, long settleMs) {
    this.vertx = vertx;
    this.directory = directory;
    this.settleMs = settleMs;
  }

  @Override
  public void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void changed(String channel) {
    if (listener == IGNORE) {
      return;
    }
    boolean occupied;
    boolean vacated = false;
    synchronized (this) {
      boolean hasSubscribers = directory.subscribers(channel) > 0;
      if (hasSubscribers) {
        Long timer = vacating.remove(channel);
        if (timer != null) {
          vertx.cancelTimer(timer);
        }
        occupied = announced.add(channel);
      } else {
        occupied = false;
        if (announced.contains(channel) && !vacating.containsKey(channel)) {
          if (settleMs <= 0) {
            announced.remove(channel);
            vacated = true;
          } else {
            vacating.put(channel, vertx.setTimer(settleMs, id -> settle(channel, id)));
          }
        }
      }
    }
    if (occupied) {
      listener.occupied(channel);
    }
    if (vacated) {
      listener.vacated(channel);
    }
  }

  private void settle(String channel, long timer) {
    synchronized (this) {
      if (!vacating.remove(channel, timer) || directory.subscribers(channel) > 0) {
        return;
      }
      announced.remove(channel);
    }
    listener.vacated(channel);
  }

  @Override
  public Future<Integer> subscriptions(String channel) {
    return Future.succeededFuture(directory.subscribers(channel));
  }

  @Override
  public Future<List<ChannelDirectory.Occupancy>> occupied(String prefix, int limit) {
    return Future.succeededFuture(directory.occupied(prefix, limit));
  }
}
