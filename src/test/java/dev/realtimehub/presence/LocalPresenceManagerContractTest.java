package dev.realtimehub.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The memory presence manager passes the presence contract. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LocalPresenceManagerContractTest extends PresenceManagerContract {

  @Override
  protected Future<PresenceManager> create(Vertx vertx) {
    return Future.succeededFuture(new LocalPresenceManager());
  }
}
