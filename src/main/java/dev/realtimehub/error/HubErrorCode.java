package dev.realtimehub.error;

/**
 * Error codes shared by every protocol. The numeric code is HTTP-like so that the native protocol's
 * error frames, the HTTP API and SSE error events speak the same language; the reason is a stable
 * machine-readable word.
 */
public enum HubErrorCode {
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  CONFLICT(409, "conflict"),
  GONE(410, "gone"),
  TOO_LARGE(413, "too_large"),
  UNPROCESSABLE(422, "unprocessable"),
  RATE_LIMITED(429, "rate_limited"),
  INTERNAL(500, "internal"),
  UNAVAILABLE(503, "unavailable");

  private final int status;
  private final String reason;

  HubErrorCode(int status, String reason) {
    this.status = status;
    this.reason = reason;
  }

  /** The HTTP-like status, used as {@code code} in error frames and as the HTTP status. */
  public int status() {
    return status;
  }

  /** A stable lower-case word naming the error. */
  public String reason() {
    return reason;
  }
}
