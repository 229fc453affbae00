package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for resuming a stream, shared by every history store: replay only when every message after
 * the client's offset is still retained and the epoch is the same; otherwise say so, never replay part.
 */
final class HistoryWindow {

  private HistoryWindow() {
  }

  /**
   * @param top      the channel's current position
   * @param retained the retained messages, oldest first, already cut to their TTL
   */
  static HistoryRead read(StreamPosition top, List<Message> retained, long offset, String clientEpoch, int limit) {
    boolean epochKnown = clientEpoch != null && !clientEpoch.isEmpty();
    if ((epochKnown && !clientEpoch.equals(top.epoch())) || offset > top.offset() || offset < 0) {
      return new HistoryRead(false, List.of(), top);
    }
    if (offset == top.offset()) {
      return new HistoryRead(true, List.of(), top);
    }
    long firstKept = retained.isEmpty() ? top.offset() + 1 : retained.get(0).offset();
    if (firstKept > offset + 1) {
      return new HistoryRead(false, List.of(), top);
    }
    List<Message> messages = new ArrayList<>();
    for (Message message : retained) {
      if (message.offset() > offset && messages.size() < limit) {
        messages.add(message);
      }
    }
    return new HistoryRead(true, messages, top);
  }
}
