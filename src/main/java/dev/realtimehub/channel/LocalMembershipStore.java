package dev.realtimehub.channel;

import io.vertx.core.Future;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Memberships held in memory, for the embedded single-node hub. */
public final class LocalMembershipStore implements MembershipStore {

  private final Set<String> rows = ConcurrentHashMap.newKeySet();

  private static String key(String kind, String id, String userId) {
    return kind + '\n' + id + '\n' + userId;
  }

  @Override
  public Future<Boolean> isMember(String kind, String id, String userId) {
    return Future.succeededFuture(rows.contains(key(kind, id, userId)));
  }

  @Override
  public Future<Void> add(String kind, String id, String userId) {
    rows.add(key(kind, id, userId));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String kind, String id, String userId) {
    rows.remove(key(kind, id, userId));
    return Future.succeededFuture();
  }
}
