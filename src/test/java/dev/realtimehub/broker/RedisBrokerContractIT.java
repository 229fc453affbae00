package dev.realtimehub.broker;

import dev.realtimehub.history.RedisHistoryStore;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.redis.RedisStore;
import dev.realtimehub.support.RedisSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The Redis broker passes the same broker contract as the memory one, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisBrokerContractIT extends BrokerContract {

  private final String prefix = RedisSupport.prefix();
  private Vertx vertx;
  private RedisStore redis;

  @Override
  protected Future<Fixture> create(Vertx vertx) {
    RedisSupport.requireRedis();
    this.vertx = vertx;
    redis = RedisStore.create(vertx, RedisSupport.config(prefix));
    RedisHistoryStore history = new RedisHistoryStore(redis);
    RedisBroker broker = new RedisBroker(redis, history, new HubMetrics(new SimpleMeterRegistry()),
      vertx.getOrCreateContext());
    return broker.start().map(v -> new Fixture(broker, history));
  }

  @Override
  protected Future<Void> destroy(Fixture fixture) {
    if (fixture == null || redis == null) {
      return Future.succeededFuture();
    }
    return fixture.broker().close()
      .eventually(redis::close)
      .eventually(() -> RedisSupport.cleanUp(vertx, prefix));
  }
}
