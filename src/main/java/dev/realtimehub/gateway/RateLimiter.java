package dev.realtimehub.gateway;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept. A caller over its
 * rate goes into debt; once the debt reaches another full burst the caller is abusive. Not thread-safe:
 * one per connection, on its event loop.
 */
public final class RateLimiter {

  public enum Verdict { ALLOWED, LIMITED, ABUSIVE }

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  public RateLimiter(int ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  public Verdict acquire(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    tokens -= 1;
    if (tokens >= 0) {
      return Verdict.ALLOWED;
    }
    return tokens < -burst ? Verdict.ABUSIVE : Verdict.LIMITED;
  }
}
