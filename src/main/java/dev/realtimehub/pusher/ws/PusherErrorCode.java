package dev.realtimehub.pusher.ws;

import dev.realtimehub.gateway.CloseReason;

/**
 * The codes of the Pusher protocol the hub uses, by range as pusher-js acts on them: 4000-4099 close and do not
 * reconnect unchanged, 4100-4199 close and reconnect after a back-off, 4200-4299 close and reconnect at once,
 * 4300-4399 are {@code pusher:error} replies that never close the connection (pusher-js would stop reconnecting
 * if one were used as a close code).
 */
public enum PusherErrorCode {
  APP_NOT_FOUND(4001, "app does not exist"),
  APP_DISABLED(4003, "app is disabled"),
  UNSUPPORTED_PROTOCOL(4007, "unsupported protocol version: use 5 to 7"),
  NO_PROTOCOL(4008, "no protocol version given"),
  UNAUTHORIZED(4009, "unauthorized"),
  OVER_CAPACITY(4100, "over capacity: reconnect later"),
  RECONNECT(4200, "reconnect"),
  PONG_TIMEOUT(4201, "no pong within the pong timeout"),
  INVALID_MESSAGE(4300, "invalid message"),
  CLIENT_EVENT_RATE(4301, "client event rate limit reached"),
  CLIENT_EVENT_REFUSED(4303, "client event refused");

  private final int code;
  private final String message;

  PusherErrorCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** This code as a close reason; only codes below 4300 close connections. */
  public CloseReason close(String reason) {
    if (code >= 4300) {
      throw new IllegalStateException(this + " is an error reply, not a close code");
    }
    return new CloseReason((short) code, reason, code >= 4100);
  }

  public CloseReason close() {
    return close(message);
  }

  /**
   * The Pusher close code of a reason the hub closes any connection for. A node going down or a broken stream
   * asks for an immediate reconnect (4200); a slow or flooding client and an overloaded node get a reconnect
   * after a back-off (4100), as does a client that sent too many bad messages; codes of the WebSocket RFC
   * (1000-1011) stay as they are, pusher-js handles them.
   */
  public static CloseReason onWire(CloseReason reason) {
    int code = reason.code();
    if (code < 4000 && code != CloseReason.SHUTDOWN.code() && code != CloseReason.OVERLOADED.code()) {
      return reason;
    }
    if (code >= 4000 && code < 4400) {
      return reason;
    }
    if (code == CloseReason.SHUTDOWN.code() || code == CloseReason.LOST_MESSAGES.code()
      || code == CloseReason.STALE.code()) {
      return RECONNECT.close(reason.reason());
    }
    if (code == CloseReason.AUTH_EXPIRED.code()) {
      return UNAUTHORIZED.close(reason.reason());
    }
    return OVER_CAPACITY.close(reason.reason());
  }
}
