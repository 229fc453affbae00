package dev.realtimehub.broker;

import java.util.ArrayList;
import java.util.List;

/**
 * The order check of one channel's messages arriving from a shared broker: duplicates are dropped, the
 * next offset passes, and a jump means messages were missed, so later ones wait while the gap is filled
 * from history. Pure state, confined to the broker's event loop.
 */
final class ChannelSequence {

  enum Verdict { DELIVER, DUPLICATE, GAP, HELD }

  private String epoch;
  private long last = -1;
  private List<Message> held;

  /** Sets the position seen when the node subscribed, unless messages already set it. */
  void baseline(StreamPosition position) {
    if (last < 0 && held == null) {
      epoch = position.epoch();
      last = position.offset();
    }
  }

  boolean known() {
    return last >= 0;
  }

  String epoch() {
    return epoch;
  }

  long last() {
    return last;
  }

  Verdict offer(Message message) {
    if (held != null) {
      held.add(message);
      return Verdict.HELD;
    }
    if (last < 0 || epoch == null || epoch.isEmpty() || !epoch.equals(message.epoch())) {
      epoch = message.epoch();
      last = message.offset();
      return Verdict.DELIVER;
    }
    if (message.offset() <= last) {
      return Verdict.DUPLICATE;
    }
    if (message.offset() == last + 1) {
      last = message.offset();
      return Verdict.DELIVER;
    }
    held = new ArrayList<>();
    held.add(message);
    return Verdict.GAP;
  }

  /** Starts filling a gap found without a message (after a reconnect): later messages wait. */
  void hold() {
    if (held == null) {
      held = new ArrayList<>();
    }
  }

  /** Ends a gap: returns, in order, the recovered messages and then the held ones not already covered. */
  List<Message> fill(List<Message> recovered) {
    List<Message> out = new ArrayList<>();
    List<Message> waiting = held == null ? List.of() : held;
    held = null;
    for (Message message : recovered) {
      if (message.offset() > last) {
        out.add(message);
        last = message.offset();
      }
    }
    for (Message message : waiting) {
      if (!epoch.equals(message.epoch()) || message.offset() > last) {
        out.add(message);
        epoch = message.epoch();
        last = message.offset();
      }
    }
    return out;
  }

  /** Gives up on a gap: the held messages go out as they are and become the new baseline. */
  List<Message> abandon() {
    List<Message> waiting = held == null ? List.of() : held;
    held = null;
    if (!waiting.isEmpty()) {
      Message newest = waiting.get(waiting.size() - 1);
      epoch = newest.epoch();
      last = newest.offset();
    } else {
      last = -1;
    }
    return waiting;
  }
}
