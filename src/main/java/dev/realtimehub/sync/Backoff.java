package dev.realtimehub.sync;

/**
 * Retry delays: {@code base × 2^(attempt-1)}, capped at {@code max}, with "equal jitter" (a random half on top
 * of a fixed half) so that events failing together do not retry together. Pure.
 */
public record Backoff(long baseMs, long maxMs) {

  /** The delay before the retry that follows failed attempt number {@code attempt} (1-based). */
  public long delayMs(int attempt, double random) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(maxMs, baseMs << doublings);
    long half = ceiling / 2;
    return half + (long) (random * (ceiling - half));
  }
}
