package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The retained tail of one channel's stream: offsets, epoch and the last messages within size and age
 * limits. Pure state; the caller serialises access (one lock per channel).
 */
final class ChannelStream {

  private final String epoch;
  private final ArrayDeque<Message> retained = new ArrayDeque<>();
  private long lastOffset;
  private long lastActivityMillis;
  /** The policy of the last append, which the sweep applies. */
  private HistoryPolicy policy = HistoryPolicy.NONE;

  ChannelStream(String epoch, long nowMillis) {
    this.epoch = epoch;
    this.lastActivityMillis = nowMillis;
  }

  Message append(Publication publication, HistoryPolicy policy, long nowMillis) {
    this.policy = policy;
    lastOffset++;
    lastActivityMillis = nowMillis;
    Message message = new Message(publication, new StreamPosition(lastOffset, epoch));
    if (policy.size() > 0) {
      retained.addLast(message);
      while (retained.size() > policy.size()) {
        retained.removeFirst();
      }
    }
    expire(policy, nowMillis);
    return message;
  }

  StreamPosition top() {
    return new StreamPosition(lastOffset, epoch);
  }

  /** Drops messages older than the policy's TTL. */
  void expire(HistoryPolicy policy, long nowMillis) {
    long oldest = nowMillis - policy.ttlSeconds() * 1000L;
    Iterator<Message> it = retained.iterator();
    while (it.hasNext() && it.next().publication().ts() < oldest) {
      it.remove();
    }
  }

  HistoryRead after(long offset, String clientEpoch, int limit, HistoryPolicy policy, long nowMillis) {
    expire(policy, nowMillis);
    return HistoryWindow.read(top(), new ArrayList<>(retained), offset, clientEpoch, limit);
  }

  /** The newest messages, oldest first, at most {@code limit}. */
  List<Message> latest(int limit, HistoryPolicy policy, long nowMillis) {
    expire(policy, nowMillis);
    List<Message> all = new ArrayList<>(retained);
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }

  /** Whether the stream can be forgotten: nothing retained (under its last policy) and idle past its TTL. */
  boolean idle(long nowMillis) {
    expire(policy, nowMillis);
    return retained.isEmpty() && nowMillis - lastActivityMillis > Math.max(60_000L, policy.ttlSeconds() * 1000L);
  }
}
