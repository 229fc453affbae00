package dev.realtimehub.error;

import io.vertx.core.VertxException;

/**
 * The one failure type of the hub. Expected failures (bad input, denied access) carry no stack trace;
 * {@code temporary} tells a client whether retrying the same request later may succeed.
 */
public final class HubException extends VertxException {

  private final HubErrorCode code;
  private final boolean temporary;

  private HubException(HubErrorCode code, String message, boolean temporary) {
    super(message, true);
    this.code = code;
    this.temporary = temporary;
  }

  public static HubException of(HubErrorCode code, String message) {
    return new HubException(code, message, code == HubErrorCode.UNAVAILABLE || code == HubErrorCode.RATE_LIMITED);
  }

  public static HubException badRequest(String message) {
    return of(HubErrorCode.BAD_REQUEST, message);
  }

  public static HubException forbidden(String message) {
    return of(HubErrorCode.FORBIDDEN, message);
  }

  public static HubException unauthorized(String message) {
    return of(HubErrorCode.UNAUTHORIZED, message);
  }

  public static HubException notFound(String message) {
    return of(HubErrorCode.NOT_FOUND, message);
  }

  public static HubException unprocessable(String message) {
    return of(HubErrorCode.UNPROCESSABLE, message);
  }

  public HubErrorCode code() {
    return code;
  }

  public boolean temporary() {
    return temporary;
  }

  /** Maps any failure onto a hub error; unknown failures become {@code INTERNAL} without their details. */
  public static HubException from(Throwable failure) {
    if (failure instanceof HubException hub) {
      return hub;
    }
    return of(HubErrorCode.INTERNAL, "internal error");
  }
}
