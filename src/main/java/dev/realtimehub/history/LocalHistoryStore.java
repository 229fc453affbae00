package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import io.vertx.core.Future;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * History in memory, for the embedded single-node hub. Each channel's stream is locked on its own, so
 * publishers of different channels never contend. Streams nobody published to for longer than their TTL
 * are forgotten by {@link #sweep}; a channel that comes back starts a new epoch, so old positions are
 * reported as unrecoverable rather than silently reused.
 */
public final class LocalHistoryStore implements HistoryStore {

  private final ConcurrentHashMap<String, ChannelStream> streams = new ConcurrentHashMap<>();
  private final ToLongFunction<Void> clock;

  public LocalHistoryStore() {
    this(v -> System.currentTimeMillis());
  }

  LocalHistoryStore(ToLongFunction<Void> clock) {
    this.clock = clock;
  }

  private long now() {
    return clock.applyAsLong(null);
  }

  private ChannelStream stream(String channel) {
    return streams.computeIfAbsent(channel, c -> new ChannelStream(newEpoch(), now()));
  }

  static String newEpoch() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Future<Message> append(Publication publication, HistoryPolicy policy) {
    return Future.succeededFuture(append(publication, policy, message -> { }));
  }

  /**
   * Appends and hands the message to {@code then} under the channel's lock, so that racing publishers of
   * one channel reach {@code then} in offset order.
   */
  public Message append(Publication publication, HistoryPolicy policy, Consumer<Message> then) {
    String channel = publication.channel().value();
    while (true) {
      ChannelStream stream = stream(channel);
      synchronized (stream) {
        // A sweep may have forgotten this stream between the lookup and the lock: use the live one.
        if (streams.get(channel) == stream) {
          Message message = stream.append(publication, policy, now());
          then.accept(message);
          return message;
        }
      }
    }
  }

  @Override
  public Future<HistoryRead> after(String channel, long offset, String epoch, int limit, HistoryPolicy policy) {
    ChannelStream stream = streams.get(channel);
    if (stream == null) {
      return Future.succeededFuture(new HistoryRead(offset == 0, List.of(), new StreamPosition(0, "")));
    }
    synchronized (stream) {
      return Future.succeededFuture(stream.after(offset, epoch, limit, policy, now()));
    }
  }

  @Override
  public Future<List<Message>> latest(String channel, int limit, HistoryPolicy policy) {
    ChannelStream stream = streams.get(channel);
    if (stream == null) {
      return Future.succeededFuture(List.of());
    }
    synchronized (stream) {
      return Future.succeededFuture(stream.latest(limit, policy, now()));
    }
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    ChannelStream stream = streams.get(channel);
    if (stream == null) {
      return Future.succeededFuture(new StreamPosition(0, ""));
    }
    synchronized (stream) {
      return Future.succeededFuture(stream.top());
    }
  }

  /** Forgets idle streams; returns how many were dropped. Call periodically. */
  public int sweep() {
    long now = now();
    int[] dropped = {0};
    streams.forEach((channel, stream) -> {
      synchronized (stream) {
        if (stream.idle(now) && streams.remove(channel, stream)) {
          dropped[0]++;
        }
      }
    });
    return dropped[0];
  }

  public int size() {
    return streams.size();
  }
}
