package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;

import java.util.List;

/**
 * The answer to "what came after offset N": {@code recovered} is true only when {@code messages} holds every
 * message after N up to {@code top}; when the position fell out of history (or the epoch changed) it is
 * false and {@code messages} is empty, never a partial replay.
 */
public record HistoryRead(boolean recovered, List<Message> messages, StreamPosition top) {
}
