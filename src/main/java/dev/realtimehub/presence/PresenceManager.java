package dev.realtimehub.presence;

import io.vertx.core.Future;

/**
 * Presence of users in channels, counted per connection so that a user with several tabs joins once and
 * leaves once. The memory implementation serves one node; the Redis one shares presence between nodes
 * and expires the entries of a node that died. Non-blocking and safe from any thread.
 */
public interface PresenceManager {

  /** Adds {@code connection} of {@code member}; refuses with {@code FULL} beyond {@code maxMembers} users. */
  Future<JoinResult> join(String channel, String connection, PresenceMember member, int maxMembers);

  /** Removes {@code connection}; completes with the member when it was the user's last connection, else null. */
  Future<PresenceMember> leave(String channel, String connection, String userId);

  /** Whether {@code userId} has at least one connection in the channel's presence. */
  Future<Boolean> isMember(String channel, String userId);

  /** At most {@code limit} members and the exact count of distinct members. */
  Future<Roster> roster(String channel, int limit);

  /** A user whose last connection in a channel expired (its node stopped refreshing it). */
  record Departure(String channel, PresenceMember member) {
  }

  /**
   * Removes connections whose node stopped refreshing them and returns the users that thereby left. Each
   * departure is returned once, across all nodes. Stores without expiry return nothing.
   */
  default Future<java.util.List<Departure>> expire() {
    return Future.succeededFuture(java.util.List.of());
  }
}
