package dev.realtimehub.occupancy;

import io.vertx.core.Future;

/**
 * Departures held back for a while so that a quick return cancels them, shared by the nodes of a cluster: one
 * node begins a departure, any node's arrival cancels it, and the beginning node finishes it when the delay has
 * passed. Non-blocking and safe from any thread.
 */
public interface Settling {

  /** Starts holding a departure of {@code key} for {@code delayMs}; completes with the token that finishes it. */
  Future<String> begin(String key, long delayMs);

  /** An arrival: completes with {@code true} when it cancelled a departure still being held. */
  Future<Boolean> arrive(String key);

  /** Ends the departure that {@code token} began: {@code true} when no arrival cancelled it meanwhile. */
  Future<Boolean> finish(String key, String token);
}
