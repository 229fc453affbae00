package dev.realtimehub.broker;

import dev.realtimehub.history.RedisHistoryStore;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.redis.RedisStore;
import dev.realtimehub.support.RedisFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The Redis broker passes the same broker contract as the memory one, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisBrokerContractIT extends BrokerContract {

  private final RedisFixture redis = new RedisFixture();

  @Override
  protected Future<Fixture> create(Vertx vertx) {
    RedisStore store = redis.open(vertx);
    RedisHistoryStore history = new RedisHistoryStore(store);
    RedisBroker broker = new RedisBroker(store, history, new HubMetrics(new SimpleMeterRegistry()),
      vertx.getOrCreateContext());
    return broker.start().map(v -> new Fixture(broker, history));
  }

  @Override
  protected Future<Void> destroy(Fixture fixture) {
    return (fixture == null ? Future.<Void>succeededFuture() : fixture.broker().close()).eventually(redis::close);
  }
}
