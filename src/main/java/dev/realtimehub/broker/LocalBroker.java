package dev.realtimehub.broker;

import io.vertx.core.Future;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-node broker: offsets come from per-channel counters in memory, and the listener is called
 * on the publisher's thread, in offset order for each channel. The epoch is new at every start, so
 * clients holding offsets from a previous run learn that those positions are gone.
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
    AtomicLong counter = offsets.computeIfAbsent(publication.channel().value(), k -> new AtomicLong());
    Message message;
    // Publishers on different event loops race: numbering and handing on under one lock per channel keeps
    // the listener's order equal to the offset order, so no subscriber sees offset n+1 before n.
    synchronized (counter) {
      message = new Message(publication, new StreamPosition(counter.incrementAndGet(), epoch));
      listener.onMessage(message);
    }
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
