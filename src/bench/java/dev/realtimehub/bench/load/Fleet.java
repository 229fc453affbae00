package dev.realtimehub.bench.load;

import io.vertx.core.Future;

/**
 * The generator's client connections to one server, each subscribed to its channels. A fleet is opened
 * by a scenario, used for every step of it, then closed.
 */
public interface Fleet {

  /** Connections that completed their handshake. */
  int connected();

  /** Connections that failed to open. */
  int failed();

  /** Connections the server closed after they opened. */
  int closedByServer();

  /** How many connections of this fleet are subscribed to {@code channel}. */
  int subscribers(String channel);

  /** Seconds from the first connect attempt to the last completed handshake. */
  double connectSeconds();

  /** Seconds from sending the subscriptions to the last confirmation. */
  double subscribeSeconds();

  Receiver receiver();

  Future<Void> close();
}
