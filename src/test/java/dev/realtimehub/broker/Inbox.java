package dev.realtimehub.broker;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The listener of the broker under test: keeps what each channel delivered, in arrival order, and lets a
 * test wait for a number of deliveries. Thread-safe, because brokers call their listener from any thread.
 */
final class Inbox implements BrokerListener {

  private record Waiter(String channel, int count, Promise<List<Message>> promise) {
  }

  private final Map<String, List<Message>> received = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();

  @Override
  public void onMessage(Message message) {
    List<Runnable> ready = new ArrayList<>();
    synchronized (this) {
      received.computeIfAbsent(message.channel(), c -> new ArrayList<>()).add(message);
      Iterator<Waiter> it = waiters.iterator();
      while (it.hasNext()) {
        Waiter waiter = it.next();
        List<Message> delivered = received(waiter.channel());
        if (delivered.size() >= waiter.count()) {
          it.remove();
          ready.add(() -> waiter.promise().complete(delivered));
        }
      }
    }
    ready.forEach(Runnable::run);
  }

  /** What {@code channel} delivered so far, in arrival order. */
  synchronized List<Message> received(String channel) {
    return List.copyOf(received.getOrDefault(channel, List.of()));
  }

  /** Completes with everything {@code channel} delivered once that is at least {@code count} deliveries. */
  Future<List<Message>> await(String channel, int count) {
    List<Message> delivered;
    synchronized (this) {
      delivered = received(channel);
      if (delivered.size() < count) {
        Promise<List<Message>> promise = Promise.promise();
        waiters.add(new Waiter(channel, count, promise));
        return promise.future();
      }
    }
    return Future.succeededFuture(delivered);
  }
}
