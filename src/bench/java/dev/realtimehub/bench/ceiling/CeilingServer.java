package dev.realtimehub.bench.ceiling;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The ceiling the hub is measured against: a bare Vert.x server with the hub's wire shape but none of its
 * work (no auth, no JSON, no metrics, no slow-consumer policing). Started by the bench on its own core:
 * {@code java -cp realtime-hub-bench.jar dev.realtimehub.bench.ceiling.CeilingServer <port>}.
 */
public final class CeilingServer {

  private CeilingServer() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    vertx.deployVerticle(new CeilingVerticle(port))
      .onSuccess(id -> System.out.println("ceiling ready on port " + port + ", "
        + (vertx.isNativeTransportEnabled() ? "native (epoll)" : "Java NIO") + " transport"))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }
}
