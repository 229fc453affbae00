package dev.realtimehub.history;

import dev.realtimehub.support.RedisFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The Redis history store passes the same contract as the memory one, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisHistoryStoreContractIT extends HistoryStoreContract {

  private final RedisFixture redis = new RedisFixture();

  @Override
  protected Future<HistoryStore> create(Vertx vertx) {
    return Future.succeededFuture(new RedisHistoryStore(redis.open(vertx)));
  }

  @Override
  protected Future<Void> destroy(HistoryStore store) {
    return redis.close();
  }
}
