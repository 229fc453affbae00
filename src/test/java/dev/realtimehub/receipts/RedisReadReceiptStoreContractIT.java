package dev.realtimehub.receipts;

import dev.realtimehub.redis.RedisStore;
import dev.realtimehub.support.RedisSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** Redis read receipts pass the same contract as memory ones, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisReadReceiptStoreContractIT extends ReadReceiptStoreContract {

  private final String prefix = RedisSupport.prefix();
  private Vertx vertx;
  private RedisStore redis;

  @Override
  protected Future<ReadReceiptStore> create(Vertx vertx) {
    RedisSupport.requireRedis();
    this.vertx = vertx;
    redis = RedisStore.create(vertx, RedisSupport.config(prefix));
    return Future.succeededFuture(new RedisReadReceiptStore(redis));
  }

  @Override
  protected Future<Void> destroy(ReadReceiptStore store) {
    return redis == null ? Future.succeededFuture()
      : redis.close().eventually(() -> RedisSupport.cleanUp(vertx, prefix));
  }
}
