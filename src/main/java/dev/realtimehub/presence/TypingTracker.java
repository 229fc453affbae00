package dev.realtimehub.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is typing where. Only changes are reported: a repeated {@code start} just extends the expiry, a
 * {@code start} nobody stops expires after the TTL, and a closed connection stops what it started. The
 * state lives in one map swept by a single per-node timer, not a timer per user. Thread-safe.
 */
public final class TypingTracker {

  /** A user typing in a channel, started by one connection. */
  public record Typist(String channel, String userId, String connection) {
  }

  private record Key(String channel, String userId) {
  }

  private final long ttlNanos;
  private final Map<Key, Long> expiries = new HashMap<>();
  private final Map<Key, String> owners = new HashMap<>();

  public TypingTracker(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  /** Returns {@code true} when the user was not typing before (a {@code start} must be announced). */
  public synchronized boolean start(String channel, String userId, String connection, long nowNanos) {
    Key key = new Key(channel, userId);
    owners.put(key, connection);
    return expiries.put(key, nowNanos + ttlNanos) == null;
  }

  /** Returns {@code true} when the user was typing (a {@code stop} must be announced). */
  public synchronized boolean stop(String channel, String userId) {
    Key key = new Key(channel, userId);
    owners.remove(key);
    return expiries.remove(key) != null;
  }

  /** Removes and returns the typists whose TTL ran out. */
  public synchronized List<Typist> expire(long nowNanos) {
    List<Typist> expired = new ArrayList<>();
    Iterator<Map.Entry<Key, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Long> entry = it.next();
      if (entry.getValue() - nowNanos <= 0) {
        it.remove();
        expired.add(new Typist(entry.getKey().channel(), entry.getKey().userId(), owners.remove(entry.getKey())));
      }
    }
    return expired;
  }

  /** Removes and returns what a closing connection was typing in {@code channel}. */
  public synchronized Typist connectionLeft(String channel, String userId, String connection) {
    Key key = new Key(channel, userId);
    if (!Objects.equals(owners.get(key), connection)) {
      return null;
    }
    owners.remove(key);
    expiries.remove(key);
    return new Typist(channel, userId, connection);
  }

  public synchronized int size() {
    return expiries.size();
  }
}
