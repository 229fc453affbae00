package dev.realtimehub.receipts;

import io.vertx.core.Future;

import java.util.Map;

/**
 * The last message offset each user read in a channel. Offsets only move forward. Non-blocking and safe
 * from any thread.
 */
public interface ReadReceiptStore {

  /** Records that {@code userId} read up to {@code offset}; completes with {@code true} when it moved forward. */
  Future<Boolean> mark(String channel, String userId, long offset);

  /** Every user's last read offset in the channel. */
  Future<Map<String, Long>> reads(String channel);
}
