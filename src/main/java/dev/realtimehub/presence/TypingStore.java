package dev.realtimehub.presence;

import io.vertx.core.Future;

import java.util.List;

/**
 * Who is typing where, with expiry. Only changes are reported, so the caller announces each start and
 * stop once. The memory store serves one node; the Redis store shares the state, so an indicator whose
 * node died still expires. Non-blocking and safe from any thread.
 */
public interface TypingStore {

  /** Completes with {@code true} when the user was not typing in the channel before. */
  Future<Boolean> start(String channel, String userId, String connection);

  /** Completes with {@code true} when the user was typing. */
  Future<Boolean> stop(String channel, String userId);

  /** Removes and returns the typists whose indicator expired; each is returned by one call only. */
  Future<List<TypingTracker.Typist>> expire();

  /** Removes what {@code connection} was typing in the channel; completes with {@code true} when it was. */
  Future<Boolean> connectionLeft(String channel, String userId, String connection);
}
