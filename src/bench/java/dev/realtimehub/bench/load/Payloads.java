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
    int t = indexOf(bytes, from, to, T_KEY);
    if (t >= 0) {
      int seq = indexOf(bytes, t, to, SEQ_KEY);
      if (seq >= 0) {
        sink.message(number(bytes, t + T_KEY.length, to), number(bytes, seq + SEQ_KEY.length, to));
        return Kind.MESSAGE;
      }
    }
    if (indexOf(bytes, from, to, SUBSCRIBED) >= 0) {
      return Kind.SUBSCRIBED;
    }
    return indexOf(bytes, from, to, ERROR) >= 0 ? Kind.ERROR : Kind.OTHER;
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
