package dev.realtimehub.gateway;

import dev.realtimehub.gateway.RateLimiter.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 123 * SECOND;

  private static List<Verdict> acquire(RateLimiter limiter, long now, int times) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      verdicts.add(limiter.acquire(now));
    }
    return verdicts;
  }

  private static List<Verdict> repeat(Verdict verdict, int times) {
    return new ArrayList<>(Collections.nCopies(times, verdict));
  }

  @Test
  void fullBurstIsAllowedAtOnce() {
    RateLimiter limiter = new RateLimiter(1, 5, T0);
    assertEquals(repeat(Verdict.ALLOWED, 5), acquire(limiter, T0, 5));
  }

  @Test
  void callBeyondTheBurstIsLimited() {
    RateLimiter limiter = new RateLimiter(1, 3, T0);
    acquire(limiter, T0, 3);
    assertEquals(Verdict.LIMITED, limiter.acquire(T0));
  }

  @Test
  void callerKeepingOnAfterAnotherFullBurstBecomesAbusive() {
    RateLimiter limiter = new RateLimiter(1, 3, T0);
    List<Verdict> expected = repeat(Verdict.ALLOWED, 3);
    expected.addAll(repeat(Verdict.LIMITED, 3));
    expected.addAll(repeat(Verdict.ABUSIVE, 2));
    assertEquals(expected, acquire(limiter, T0, 8));
  }

  @Test
  void tokensRefillAtTheConfiguredRate() {
    RateLimiter limiter = new RateLimiter(10, 2, T0);
    acquire(limiter, T0, 2);
    assertEquals(Verdict.LIMITED, limiter.acquire(T0 + SECOND / 20));
    assertEquals(Verdict.ALLOWED, limiter.acquire(T0 + SECOND / 20 + 2 * SECOND / 10));
  }

  @Test
  void fractionalTokensAccumulateAcrossCalls() {
    RateLimiter limiter = new RateLimiter(2, 1, T0);
    assertEquals(Verdict.ALLOWED, limiter.acquire(T0));
    assertEquals(Verdict.LIMITED, limiter.acquire(T0 + SECOND / 4));
    assertEquals(Verdict.ALLOWED, limiter.acquire(T0 + SECOND / 4 + SECOND));
  }

  @Test
  void limitedCallsAddToTheDebtThatMustBeRepaid() {
    RateLimiter limiter = new RateLimiter(1, 2, T0);
    acquire(limiter, T0, 4);
    assertEquals(Verdict.LIMITED, limiter.acquire(T0 + 2 * SECOND));
    assertEquals(Verdict.ALLOWED, limiter.acquire(T0 + 5 * SECOND));
  }

  @Test
  void refillNeverExceedsTheBurst() {
    RateLimiter limiter = new RateLimiter(100, 4, T0);
    long later = T0 + 3600 * SECOND;
    List<Verdict> expected = repeat(Verdict.ALLOWED, 4);
    expected.add(Verdict.LIMITED);
    assertEquals(expected, acquire(limiter, later, 5));
  }

  @Test
  void abusiveCallerRecoversAfterRepayingTheDebt() {
    RateLimiter limiter = new RateLimiter(1, 2, T0);
    acquire(limiter, T0, 5);
    assertEquals(Verdict.ABUSIVE, limiter.acquire(T0));
    assertEquals(Verdict.ALLOWED, limiter.acquire(T0 + 5 * SECOND));
  }

  @Test
  void steadyCallerAtTheRateIsAlwaysAllowed() {
    RateLimiter limiter = new RateLimiter(50, 1, T0);
    for (int i = 0; i < 500; i++) {
      assertEquals(Verdict.ALLOWED, limiter.acquire(T0 + i * (SECOND / 50)), "call " + i);
    }
  }

  @Test
  void worksWithNegativeNanoTimeOrigin() {
    long start = -5 * SECOND;
    RateLimiter limiter = new RateLimiter(1, 1, start);
    assertEquals(Verdict.ALLOWED, limiter.acquire(start));
    assertEquals(Verdict.LIMITED, limiter.acquire(start + SECOND / 2));
    assertEquals(Verdict.ALLOWED, limiter.acquire(start + 3 * SECOND));
  }
}
