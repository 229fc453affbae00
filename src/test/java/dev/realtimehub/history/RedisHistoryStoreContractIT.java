package dev.realtimehub.history;

import dev.realtimehub.redis.RedisStore;
import dev.realtimehub.support.RedisSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The Redis history store passes the same contract as the memory one, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisHistoryStoreContractIT extends HistoryStoreContract {

  private final String prefix = RedisSupport.prefix();
  private Vertx vertx;
  private RedisStore redis;

  @Override
  protected Future<HistoryStore> create(Vertx vertx) {
    RedisSupport.requireRedis();
    this.vertx = vertx;
    redis = RedisStore.create(vertx, RedisSupport.config(prefix));
    return Future.succeededFuture(new RedisHistoryStore(redis));
  }

  @Override
  protected Future<Void> destroy(HistoryStore store) {
    return redis == null ? Future.succeededFuture()
      : redis.close().eventually(() -> RedisSupport.cleanUp(vertx, prefix));
  }
}
