package dev.realtimehub.channel;

import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/** Memberships in Redis, one set of user ids per group, shared by every node. */
public final class RedisMembershipStore implements MembershipStore {

  private final RedisStore redis;

  public RedisMembershipStore(RedisStore redis) {
    this.redis = redis;
  }

  private String key(String kind, String id) {
    return redis.key("members:" + kind + "." + id);
  }

  @Override
  public Future<Boolean> isMember(String kind, String id, String userId) {
    return redis.send(Request.cmd(Command.SISMEMBER).arg(key(kind, id)).arg(userId))
      .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Void> add(String kind, String id, String userId) {
    return redis.send(Request.cmd(Command.SADD).arg(key(kind, id)).arg(userId)).mapEmpty();
  }

  @Override
  public Future<Void> remove(String kind, String id, String userId) {
    return redis.send(Request.cmd(Command.SREM).arg(key(kind, id)).arg(userId)).mapEmpty();
  }
}
