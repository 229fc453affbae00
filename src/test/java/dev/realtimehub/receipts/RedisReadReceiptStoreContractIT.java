package dev.realtimehub.receipts;

import dev.realtimehub.support.RedisFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** Redis read receipts pass the same contract as memory ones, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisReadReceiptStoreContractIT extends ReadReceiptStoreContract {

  private final RedisFixture redis = new RedisFixture();

  @Override
  protected Future<ReadReceiptStore> create(Vertx vertx) {
    return Future.succeededFuture(new RedisReadReceiptStore(redis.open(vertx)));
  }

  @Override
  protected Future<Void> destroy(ReadReceiptStore store) {
    return redis.close();
  }
}
