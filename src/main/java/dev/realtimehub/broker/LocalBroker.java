package dev.realtimehub.broker;

import io.vertx.core.Future;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-node broker: offsets come from per-channel counters in memory, and the listener is called
 * on the publisher's thread. The epoch is new at every start, so clients holding offsets from a previous
 * run learn that those positions are gone.
 */
public final class LocalBroker implements Broker {

  private final String epoch = UUID.randomUUID().toString().substring(0, 8);
  private final ConcurrentHashMap<String, AtomicLong> offsets = new ConcurrentHashMap<>();
  private volatile BrokerListener listener = message -> { };

  @Override
  public void listener(BrokerListener listener) {
    this.listener = listener;
  }

  @Override
  public Future<Message> publish(Publication publication) {
    long offset = offsets.computeIfAbsent(publication.channel().value(), k -> new AtomicLong()).incrementAndGet();
    Message message = new Message(publication, new StreamPosition(offset, epoch));
    listener.onMessage(message);
    return Future.succeededFuture(message);
  }

  @Override
  public Future<Void> subscribe(String channel) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unsubscribe(String channel) {
    return Future.succeededFuture();
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    AtomicLong counter = offsets.get(channel);
    return Future.succeededFuture(new StreamPosition(counter == null ? 0 : counter.get(), epoch));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
