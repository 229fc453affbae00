package dev.realtimehub.gateway.ws;

import io.vertx.core.net.impl.VertxConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Gives an upgraded WebSocket connection the outbound queue Vert.x gives HTTP connections in strict thread mode
 * ({@code HttpServerOptions.setStrictThreadMode}): writes go straight to the channel instead of through a
 * thread-safe queue. Vert.x 5.0 has no such option for WebSocket connections, yet each one allocates that queue
 * (a 1 025-slot array, about 4.6 KB) and keeps it for the connection's life: a third of an idle connection's heap.
 * Every write of the hub's WebSocket sessions happens on the connection's event loop, which is what the direct
 * queue requires. Depends on Vert.x internals (5.0.x): when they differ, the connection keeps its queue and one
 * warning says so.
 */
final class StrictWriteQueue {

  private static final Logger log = LoggerFactory.getLogger(StrictWriteQueue.class);
  private static final Field QUEUE;
  private static final Constructor<?> DIRECT;

  static {
    Field queue = null;
    Constructor<?> direct = null;
    try {
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
        .getDeclaredConstructor(VertxConnection.class);
      queue.setAccessible(true);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("WebSocket connections keep Vert.x's thread-safe write queue (about 4.6 KB each): {}", e.toString());
      queue = null;
      direct = null;
    }
    QUEUE = queue;
    DIRECT = direct;
  }

  private StrictWriteQueue() {
  }

  /** Replaces the queue of a connection that has written nothing yet; on its event loop only. */
  static boolean apply(VertxConnection connection) {
    if (QUEUE == null) {
      return false;
    }
    try {
      QUEUE.set(connection, DIRECT.newInstance(connection));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("WebSocket connection keeps its write queue: {}", e.toString());
      return false;
    }
  }
}
