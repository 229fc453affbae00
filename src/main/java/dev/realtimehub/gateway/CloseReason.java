package dev.realtimehub.gateway;

/**
 * Why the hub closed a connection. WebSocket clients see {@code code} and {@code reason} in the close
 * frame (the reason fits the protocol's 123 bytes); SSE clients see the stream end. Codes below 4000 are
 * the RFC's; 4xxx codes mirror HTTP statuses, plus 4508 for slow consumers.
 */
public record CloseReason(short code, String reason, boolean reconnect) {

  public CloseReason {
    if (reason.length() > 123) {
      throw new IllegalArgumentException("close reason too long");
    }
  }

  public static final CloseReason NORMAL = new CloseReason((short) 1000, "normal", false);
  public static final CloseReason UNSUPPORTED_DATA = new CloseReason((short) 1003, "binary frames are not supported", false);
  public static final CloseReason TOO_BIG = new CloseReason((short) 1009, "message too big", false);
  public static final CloseReason INTERNAL = new CloseReason((short) 1011, "internal error", true);
  public static final CloseReason SHUTDOWN = new CloseReason((short) 1012, "service restart: reconnect", true);
  public static final CloseReason OVERLOADED = new CloseReason((short) 1013, "try again later", true);
  public static final CloseReason BAD_REQUEST = new CloseReason((short) 4400, "too many bad requests", false);
  public static final CloseReason TERMINATED =
    new CloseReason((short) 4403, "connections of this user were terminated by the server", false);
  public static final CloseReason AUTH_EXPIRED = new CloseReason((short) 4401, "token expired", true);
  public static final CloseReason STALE = new CloseReason((short) 4408, "no traffic within the idle timeout", true);
  public static final CloseReason RATE_LIMITED = new CloseReason((short) 4429, "too many requests", true);
  public static final CloseReason LOST_MESSAGES =
    new CloseReason((short) 4510, "messages lost in transit: reconnect and resume", true);
  public static final CloseReason SLOW = new CloseReason((short) 4508, "slow consumer: outbound queue full", true);
}
