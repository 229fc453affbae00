package dev.realtimehub.presence;

import dev.realtimehub.support.RedisFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** Redis presence passes the same contract as memory presence, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisPresenceManagerContractIT extends PresenceManagerContract {

  private final RedisFixture redis = new RedisFixture();

  @Override
  protected Future<PresenceManager> create(Vertx vertx) {
    return Future.succeededFuture(new RedisPresenceManager(redis.open(vertx), 30_000, "node-a"));
  }

  @Override
  protected Future<Void> destroy(PresenceManager presence) {
    return redis.close();
  }
}
