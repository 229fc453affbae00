package dev.realtimehub.api;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.RateLimiter;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <api key>} on the server API and applies the per-key request rate.
 * Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither content nor length
 * leaks through timing. One instance per node: the rate limiters are shared by every event loop.
 */
public final class ApiKeyHandler implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final List<byte[]> digests;
  private final RateLimiter[] limiters;
  private final HubMetrics metrics;

  public ApiKeyHandler(List<String> keys, int ratePerSecond, HubMetrics metrics) {
    this.digests = keys.stream().map(ApiKeyHandler::sha256).toList();
    this.limiters = new RateLimiter[keys.size()];
    for (int i = 0; i < limiters.length; i++) {
      limiters[i] = new RateLimiter(ratePerSecond, ratePerSecond, System.nanoTime());
    }
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext rc) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    int key = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
      ? match(header.substring(BEARER.length()).trim())
      : -1;
    if (key < 0) {
      metrics.apiRequest("unauthorized");
      rc.fail(HubException.unauthorized("missing or invalid API key (Authorization: Bearer <key>)"));
      return;
    }
    RateLimiter.Verdict verdict;
    synchronized (limiters[key]) {
      verdict = limiters[key].acquire(System.nanoTime());
    }
    if (verdict != RateLimiter.Verdict.ALLOWED) {
      metrics.apiRequest("rate_limited");
      rc.fail(HubException.of(HubErrorCode.RATE_LIMITED, "API key over its request rate"));
      return;
    }
    metrics.apiRequest("accepted");
    rc.next();
  }

  private int match(String presented) {
    byte[] digest = sha256(presented);
    int found = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digest, digests.get(i))) {
        found = i;
      }
    }
    return found;
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
