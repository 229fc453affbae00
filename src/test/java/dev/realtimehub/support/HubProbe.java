package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Checks a hub from the outside after a test has thrown bad input at it: a fresh client can still
 * subscribe and receive what the API publishes. Also a bounded poller for state that settles
 * asynchronously.
 */
public final class HubProbe {

  private static final AtomicInteger CHANNELS = new AtomicInteger();

  private HubProbe() {
  }

  /** Succeeds when a new connection subscribes to a fresh public channel and receives a publish on it. */
  public static Future<Void> stillServes(TestHub hub) {
    String channel = "public.probe" + CHANNELS.incrementAndGet();
    return hub.connect(hub.token("probe"))
      .compose(socket -> roundTrip(hub, socket, channel).eventually(socket::close));
  }

  private static Future<Void> roundTrip(TestHub hub, TestSocket socket, String channel) {
    return socket.nextOfType("welcome")
      .compose(welcome -> socket.subscribe(channel))
      .compose(reply -> expect("subscribed".equals(reply.getString("type")), "subscribe failed: " + reply))
      .compose(v -> hub.publish(new JsonObject().put("channel", channel).put("event", "probe").put("data", "ok")))
      .compose(response -> expect(response.status() == 200, "publish failed: " + response.status()))
      .compose(v -> socket.nextOfType("message"))
      .compose(message -> expect(channel.equals(message.getString("channel")), "unexpected " + message));
  }

  private static Future<Void> expect(boolean condition, String failure) {
    return condition ? Future.succeededFuture() : Future.failedFuture(failure);
  }

  /**
   * Checks {@code condition} every 50 ms until it yields {@code true}; fails once {@code timeoutMillis}
   * have passed without that.
   */
  public static Future<Void> until(Vertx vertx, long timeoutMillis, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    poll(vertx, deadline, condition, done);
    return done.future();
  }

  private static void poll(Vertx vertx, long deadline, Supplier<Future<Boolean>> condition, Promise<Void> done) {
    condition.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        done.complete();
      } else if (System.nanoTime() > deadline) {
        done.fail("condition still false after the deadline" + (result.failed() ? ": " + result.cause() : ""));
      } else {
        vertx.setTimer(50, id -> poll(vertx, deadline, condition, done));
      }
    });
  }
}
