package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;

import java.util.List;

/**
 * The answer to "what came after offset N": {@code recovered} is true when history still holds every message
 * after N, and {@code messages} then starts right after N (a page of at most the asked limit; more follow
 * when the last one is below {@code top}). When the position fell out of history, or the epoch changed,
 * {@code recovered} is false and {@code messages} is empty: never a replay with a hole in it.
 */
public record HistoryRead(boolean recovered, List<Message> messages, StreamPosition top) {
}
