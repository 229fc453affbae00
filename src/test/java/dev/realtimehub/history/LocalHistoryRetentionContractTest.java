package dev.realtimehub.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The memory history store passes the history retention contract. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LocalHistoryRetentionContractTest extends HistoryRetentionContract {

  @Override
  protected Future<HistoryStore> create(Vertx vertx) {
    return Future.succeededFuture(new LocalHistoryStore());
  }
}
