package dev.realtimehub.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Starts a client operation on a Vert.x thread. A chain such as {@code request.send().compose(r -> r.body())}
 * built on the JUnit thread attaches its next step after the event loop may already have received the whole
 * response: {@code body()} then waits for data that has come and gone, and the test hangs until its timeout. A
 * WebSocket whose handlers are set that late loses its first frames the same way. Started from an event loop,
 * each step is attached before the next network event can be handled, since those events run on that loop.
 */
public final class OnVertx {

  private OnVertx() {
  }

  public static <T> Future<T> call(Vertx vertx, Supplier<Future<T>> operation) {
    if (Context.isOnVertxThread()) {
      return operation.get();
    }
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> operation.get().onComplete(promise));
    return promise.future();
  }
}
