package dev.realtimehub.channel;

/**
 * Behaviour options of a channel type.
 *
 * @param presence          members are tracked and announced
 * @param typing            clients may send typing indicators
 * @param readReceipts      clients may mark messages as read
 * @param historySize       messages kept for recovery (0 keeps none)
 * @param historyTtlSeconds how long kept messages stay recoverable
 * @param debounceMs        coalescing window for rapid messages with one key (0 disables)
 * @param maxMembers        most distinct users present in one channel; a further user's subscribe is refused
 *                          with 429 (0: no cap; the roster's listing cap is {@code presence.max_roster})
 */
public record ChannelOptions(boolean presence, boolean typing, boolean readReceipts, int historySize,
                             int historyTtlSeconds, int debounceMs, int maxMembers) {
}
