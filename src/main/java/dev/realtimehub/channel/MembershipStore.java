package dev.realtimehub.channel;

import io.vertx.core.Future;

/**
 * Memberships behind {@code member:X} rules: user {@code userId} belongs to group {@code kind.id}
 * (for example team 7, conversation 42). Implementations are thread-safe and never block the caller.
 */
public interface MembershipStore {

  Future<Boolean> isMember(String kind, String id, String userId);

  /** Adds a membership; idempotent. */
  Future<Void> add(String kind, String id, String userId);

  /** Removes a membership; idempotent. */
  Future<Void> remove(String kind, String id, String userId);
}
