package dev.realtimehub.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which event loops of this node have subscribers to which channel, and how many. The dispatcher reads
 * it to hop only to the event loops that need a message; the channels API reads its counts. Thread-safe.
 */
public final class ChannelDirectory {

  /** Subscriber counts of one channel by event-loop index. */
  static final class Entry {
    final AtomicIntegerArray perInstance;
    volatile int total;

    Entry(int instances) {
      this.perInstance = new AtomicIntegerArray(instances);
    }
  }

  /** A channel and its subscriber count on this node. */
  public record Occupancy(String channel, int subscribers) {
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int instances;

  public ChannelDirectory(int instances) {
    this.instances = instances;
  }

  public int instances() {
    return instances;
  }

  /** Counts one more subscriber; returns {@code true} when it is the node's first for the channel. */
  boolean add(String channel, int instance) {
    boolean[] first = {false};
    entries.compute(channel, (key, entry) -> {
      if (entry == null) {
        entry = new Entry(instances);
        first[0] = true;
      }
      entry.perInstance.incrementAndGet(instance);
      entry.total++;
      return entry;
    });
    return first[0];
  }

  /** Counts one subscriber less; returns {@code true} when it was the node's last for the channel. */
  boolean remove(String channel, int instance) {
    boolean[] last = {false};
    entries.computeIfPresent(channel, (key, entry) -> {
      entry.perInstance.decrementAndGet(instance);
      entry.total--;
      last[0] = entry.total <= 0;
      return last[0] ? null : entry;
    });
    return last[0];
  }

  /** Whether event loop {@code instance} has subscribers to the channel. */
  boolean hasSubscribers(String channel, int instance) {
    Entry entry = entries.get(channel);
    return entry != null && entry.perInstance.get(instance) > 0;
  }

  Entry entry(String channel) {
    return entries.get(channel);
  }

  public int subscribers(String channel) {
    Entry entry = entries.get(channel);
    return entry == null ? 0 : entry.total;
  }

  public int channelCount() {
    return entries.size();
  }

  /** Occupied channels whose name starts with {@code prefix}, sorted by name, at most {@code limit}. */
  public List<Occupancy> occupied(String prefix, int limit) {
    List<Occupancy> result = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getValue().total > 0) {
        result.add(new Occupancy(e.getKey(), e.getValue().total));
      }
    }
    result.sort((a, b) -> a.channel().compareTo(b.channel()));
    return result.size() > limit ? result.subList(0, limit) : result;
  }
}
