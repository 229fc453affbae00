package dev.realtimehub.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The memory typing store passes the typing contract. */
class LocalTypingStoreContractTest extends TypingStoreContract {

  @Override
  protected Future<TypingStore> create(Vertx vertx) {
    return Future.succeededFuture(new LocalTypingStore(TIMEOUT_MS));
  }
}
