package dev.realtimehub.broker;

import dev.realtimehub.history.HistoryPolicy;
import dev.realtimehub.history.LocalHistoryStore;
import io.vertx.core.Future;

/**
 * The single-node broker: offsets and history come from the memory history store, and the listener is
 * called on the publisher's thread, under the channel's history lock, so racing publishers of one channel
 * reach subscribers in offset order.
 */
public final class LocalBroker implements Broker {

  private final LocalHistoryStore history;
  private volatile BrokerListener listener = message -> { };

  public LocalBroker(LocalHistoryStore history) {
    this.history = history;
  }

  @Override
  public void listener(BrokerListener listener) {
    this.listener = listener;
  }

  @Override
  public Future<Message> publish(Publication publication, HistoryPolicy policy) {
    if (!publication.isMessage()) {
      Message signal = new Message(publication, StreamPosition.NONE);
      listener.onMessage(signal);
      return Future.succeededFuture(signal);
    }
    return Future.succeededFuture(history.append(publication, policy, message -> listener.onMessage(message)));
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
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
