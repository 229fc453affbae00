package dev.realtimehub.presence;

import dev.realtimehub.support.RedisFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The Redis typing store passes the same typing contract as the memory one, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisTypingStoreContractIT extends TypingStoreContract {

  private final RedisFixture redis = new RedisFixture();

  @Override
  protected Future<TypingStore> create(Vertx vertx) {
    return Future.succeededFuture(new RedisTypingStore(redis.open(vertx), TIMEOUT_MS, "node-a"));
  }

  @Override
  protected Future<Void> destroy(TypingStore store) {
    return redis.close();
  }
}
