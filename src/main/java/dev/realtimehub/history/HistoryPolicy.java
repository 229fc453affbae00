package dev.realtimehub.history;

/**
 * How much of a channel's stream is kept for recovery: at most {@code size} messages, each for at most
 * {@code ttlSeconds}. A size of 0 keeps nothing, so every resume of such a channel is unrecoverable.
 */
public record HistoryPolicy(int size, int ttlSeconds) {

  public static final HistoryPolicy NONE = new HistoryPolicy(0, 0);
}
