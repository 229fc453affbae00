package dev.realtimehub.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The memory history store passes the history store contract (positions and recovery). */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LocalHistoryStoreContractTest extends HistoryStoreContract {

  @Override
  protected Future<HistoryStore> create(Vertx vertx) {
    return Future.succeededFuture(new LocalHistoryStore());
  }
}
