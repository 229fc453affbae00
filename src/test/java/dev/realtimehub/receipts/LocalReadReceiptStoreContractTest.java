package dev.realtimehub.receipts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;

import java.util.concurrent.TimeUnit;

/** The memory read receipt store passes the read receipt contract. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LocalReadReceiptStoreContractTest extends ReadReceiptStoreContract {

  @Override
  protected Future<ReadReceiptStore> create(Vertx vertx) {
    return Future.succeededFuture(new LocalReadReceiptStore());
  }
}
