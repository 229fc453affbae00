package dev.realtimehub.bench.load;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * The bench payload {@code {"t":<nanoTime at publish>,"seq":<n>}} and a scanner that finds it in a hub or
 * ceiling frame without decoding JSON, so the generator's own cost per frame stays small.
 */
public final class Payloads {

  private static final byte[] T_KEY = "\"t\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUBSCRIBED = "\"subscribed\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
  /** The same in a Pusher frame, whose {@code data} is a JSON string with escaped quotes. */
  private static final byte[] ESCAPED_T_KEY = "\\\"t\\\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ESCAPED_SEQ_KEY = "\\\"seq\\\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUSHER_SUBSCRIBED = "subscription_succeeded".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUSHER_ERROR = "subscription_error".getBytes(StandardCharsets.US_ASCII);

  /** What a frame turned out to be. */
  public enum Kind { MESSAGE, SUBSCRIBED, ERROR, OTHER }

  private Payloads() {
  }

  /** The publish body for one message. */
  public static String publishBody(String channel, long sentNanos, long seq) {
    return "{\"channel\":\"" + channel + "\",\"event\":\"b\",\"data\":{\"t\":" + sentNanos + ",\"seq\":" + seq + "}}";
  }

  /** Classifies {@code bytes[from, to)} and hands a message's timestamp and sequence to {@code sink}. */
  public static Kind scan(Buffer bytes, int from, int to, Sink sink) {
    if (message(bytes, from, to, T_KEY, SEQ_KEY, sink) || message(bytes, from, to, ESCAPED_T_KEY, ESCAPED_SEQ_KEY, sink)) {
      return Kind.MESSAGE;
    }
    if (indexOf(bytes, from, to, SUBSCRIBED) >= 0 || indexOf(bytes, from, to, PUSHER_SUBSCRIBED) >= 0) {
      return Kind.SUBSCRIBED;
    }
    return indexOf(bytes, from, to, ERROR) >= 0 || indexOf(bytes, from, to, PUSHER_ERROR) >= 0 ? Kind.ERROR
      : Kind.OTHER;
  }

  private static boolean message(Buffer bytes, int from, int to, byte[] tKey, byte[] seqKey, Sink sink) {
    int t = indexOf(bytes, from, to, tKey);
    if (t < 0) {
      return false;
    }
    int seq = indexOf(bytes, t, to, seqKey);
    if (seq < 0) {
      return false;
    }
    sink.message(number(bytes, t + tKey.length, to), number(bytes, seq + seqKey.length, to));
    return true;
  }

  /** Receives the payload of one delivered message. */
  public interface Sink {
    void message(long sentNanos, long seq);
  }

  static int indexOf(Buffer bytes, int from, int to, byte[] key) {
    int last = to - key.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < key.length; j++) {
        if (bytes.getByte(i + j) != key[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static long number(Buffer bytes, int at, int to) {
    long value = 0;
    boolean negative = at < to && bytes.getByte(at) == '-';
    for (int i = negative ? at + 1 : at; i < to; i++) {
      byte b = bytes.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return negative ? -value : value;
  }
}
