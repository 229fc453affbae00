package dev.realtimehub.presence;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Typing state in memory, for the embedded single-node hub. */
public final class LocalTypingStore implements TypingStore {

  private final TypingTracker tracker;

  public LocalTypingStore(long timeoutMs) {
    this.tracker = new TypingTracker(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
  }

  @Override
  public Future<Boolean> start(String channel, String userId, String connection) {
    return Future.succeededFuture(tracker.start(channel, userId, connection, System.nanoTime()));
  }

  @Override
  public Future<Boolean> stop(String channel, String userId) {
    return Future.succeededFuture(tracker.stop(channel, userId));
  }

  @Override
  public Future<List<TypingTracker.Typist>> expire() {
    return Future.succeededFuture(tracker.expire(System.nanoTime()));
  }

  @Override
  public Future<Boolean> connectionLeft(String channel, String userId, String connection) {
    return Future.succeededFuture(tracker.connectionLeft(channel, userId, connection) != null);
  }
}
