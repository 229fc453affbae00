package dev.realtimehub.receipts;

import io.vertx.core.Future;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Read receipts in memory, for the embedded single-node hub. */
public final class LocalReadReceiptStore implements ReadReceiptStore {

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> channels = new ConcurrentHashMap<>();

  @Override
  public Future<Boolean> mark(String channel, String userId, long offset) {
    Long[] previous = {null};
    channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
      .compute(userId, (user, old) -> {
        previous[0] = old;
        return old == null ? offset : Math.max(old, offset);
      });
    return Future.succeededFuture(previous[0] == null || offset > previous[0]);
  }

  @Override
  public Future<Map<String, Long>> reads(String channel) {
    Map<String, Long> reads = channels.get(channel);
    return Future.succeededFuture(reads == null ? Map.of() : new TreeMap<>(reads));
  }
}
