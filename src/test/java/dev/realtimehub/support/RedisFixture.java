package dev.realtimehub.support;

import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One test's Redis: a store on the test database under a fresh key prefix, and a close that deletes every
 * key the test made. Opening skips the test (or fails it under CI) when Redis does not answer.
 */
public final class RedisFixture {

  private final String prefix = RedisSupport.prefix();
  private Vertx vertx;
  private RedisStore redis;

  public RedisStore open(Vertx vertx) {
    RedisSupport.requireRedis();
    this.vertx = vertx;
    this.redis = RedisStore.create(vertx, RedisSupport.config(prefix));
    return redis;
  }

  public Future<Void> close() {
    return redis == null ? Future.succeededFuture()
      : redis.close().eventually(() -> RedisSupport.cleanUp(vertx, prefix));
  }
}
