package dev.realtimehub.broker;

import dev.realtimehub.history.LocalHistoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The memory broker passes the broker contract, writing to the memory history store it was built with. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LocalBrokerContractTest extends BrokerContract {

  @Override
  protected Future<Fixture> create(Vertx vertx) {
    LocalHistoryStore history = new LocalHistoryStore();
    return Future.succeededFuture(new Fixture(new LocalBroker(history), history));
  }
}
