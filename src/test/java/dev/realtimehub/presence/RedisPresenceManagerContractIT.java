package dev.realtimehub.presence;

import dev.realtimehub.redis.RedisStore;
import dev.realtimehub.support.RedisSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** Redis presence passes the same contract as memory presence, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisPresenceManagerContractIT extends PresenceManagerContract {

  private final String prefix = RedisSupport.prefix();
  private Vertx vertx;
  private RedisStore redis;

  @Override
  protected Future<PresenceManager> create(Vertx vertx) {
    RedisSupport.requireRedis();
    this.vertx = vertx;
    redis = RedisStore.create(vertx, RedisSupport.config(prefix));
    return Future.succeededFuture(new RedisPresenceManager(redis, 30_000, "node-a"));
  }

  @Override
  protected Future<Void> destroy(PresenceManager presence) {
    return redis == null ? Future.succeededFuture()
      : redis.close().eventually(() -> RedisSupport.cleanUp(vertx, prefix));
  }
}
