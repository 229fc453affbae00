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
 * @param maxMembers        cap on presence members listed per channel (0 means the hub default)
 */
public record ChannelOptions(boolean presence, boolean typing, boolean readReceipts, int historySize,
                             int historyTtlSeconds, int debounceMs, int maxMembers) {
}
