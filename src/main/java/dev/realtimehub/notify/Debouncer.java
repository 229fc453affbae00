package dev.realtimehub.notify;

import java.util.HashMap;
import java.util.Map;

/**
 * Coalescing of rapid values by key: each new value replaces the pending one and pushes its deadline back
 * by the window, but never past {@code maxWait} after the first pending value, so a steady stream still
 * flows. Pure logic with an explicit clock; the caller drives it from a timer. Thread-safe.
 *
 * @param <T> the coalesced value
 */
public final class Debouncer<T> {

  /** What {@link #offer} did with a value. */
  public enum Offer { FIRST, REPLACED }

  /** A flushed value and how many earlier values it replaced. */
  public record Flush<T>(T value, int coalesced) {
  }

  private static final class Pending<T> {
    T value;
    final long firstNanos;
    long dueNanos;
    int coalesced;

    Pending(T value, long firstNanos, long dueNanos) {
      this.value = value;
      this.firstNanos = firstNanos;
      this.dueNanos = dueNanos;
    }
  }

  private final Map<String, Pending<T>> pending = new HashMap<>();

  /** Queues {@code value}; on {@code FIRST} the caller schedules a check at {@link #due}. */
  public synchronized Offer offer(String key, T value, long windowNanos, long maxWaitNanos, long nowNanos) {
    Pending<T> current = pending.get(key);
    if (current == null) {
      pending.put(key, new Pending<>(value, nowNanos, nowNanos + Math.min(windowNanos, maxWaitNanos)));
      return Offer.FIRST;
    }
    current.value = value;
    current.coalesced++;
    current.dueNanos = Math.min(nowNanos + windowNanos, current.firstNanos + maxWaitNanos);
    return Offer.REPLACED;
  }

  /** When the key's pending value is due, or -1 when nothing is pending. */
  public synchronized long due(String key) {
    Pending<T> current = pending.get(key);
    return current == null ? -1 : current.dueNanos;
  }

  /** Takes the pending value when it is due; {@code null} when it is not due yet (or nothing is pending). */
  public synchronized Flush<T> takeIfDue(String key, long nowNanos) {
    Pending<T> current = pending.get(key);
    if (current == null || current.dueNanos - nowNanos > 0) {
      return null;
    }
    pending.remove(key);
    return new Flush<>(current.value, current.coalesced);
  }

  public synchronized int size() {
    return pending.size();
  }
}
