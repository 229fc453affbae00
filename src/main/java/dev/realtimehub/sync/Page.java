package dev.realtimehub.sync;

import dev.realtimehub.error.HubException;
import io.vertx.ext.web.RoutingContext;

/**
 * A page request of the sync read APIs: {@code ?since=<cursor>&limit=<n>}. The cursor is the last id the caller
 * has seen (0: from the start); a bad value is {@code 400 bad_request} naming the parameter.
 */
public record Page(long since, int limit) {

  public static Page of(RoutingContext rc, int defaultLimit, int maxLimit) {
    return new Page(number(rc, "since", 0, Long.MAX_VALUE), (int) number(rc, "limit", defaultLimit, maxLimit));
  }

  /** The cursor to ask for the next page with: the last id listed, or {@code since} when nothing was. */
  public long next(long lastId) {
    return Math.max(since, lastId);
  }

  private static long number(RoutingContext rc, String name, long fallback, long max) {
    String value = rc.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    long min = "limit".equals(name) ? 1 : 0;
    if (!value.matches("\\d{1,18}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
      throw HubException.badRequest(name + ": a whole number from " + min + " to " + max);
    }
    return Long.parseLong(value);
  }
}
