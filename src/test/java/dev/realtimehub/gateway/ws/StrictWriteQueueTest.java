package dev.realtimehub.gateway.ws;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct write queue takes the place of Vert.x's own on this Vert.x version (an upgrade that changes the
 * internals fails here, not silently in memory), and Vert.x's own writes on the socket (text, ping, close) still
 * reach the client through it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class StrictWriteQueueTest {

  private WebSocketClient client;

  @Test
  void vertxWritesGoThroughTheDirectQueue(Vertx vertx, VertxTestContext ctx) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
      .requestHandler(request -> request.toWebSocket().onSuccess(ws -> {
        // Like the hub's upgrade handlers: the upgraded connection's handler replaced the HTTP one.
        VertxHandler<?> handler = ((ConnectionBase) request.connection()).channel().pipeline()
          .get(VertxHandler.class);
        boolean applied = StrictWriteQueue.apply(handler.getConnection());
        ctx.verify(() -> assertTrue(applied, "the direct queue replaced Vert.x's"));
        ws.writeTextMessage("first");
        ws.writeTextMessage("second").onSuccess(v -> ws.close((short) 4000, "done"));
      }).onFailure(ctx::failNow));
    server.listen(0, "127.0.0.1")
      .compose(bound -> {
        // Held by the test: Vert.x closes a client nobody references.
        client = vertx.createWebSocketClient();
        return client.connect(bound.actualPort(), "127.0.0.1", "/");
      })
      .onComplete(ctx.succeeding(socket -> {
        StringBuilder received = new StringBuilder();
        socket.textMessageHandler(text -> received.append(text).append(' '));
        socket.closeHandler(v -> ctx.verify(() -> {
          assertEquals("first second ", received.toString());
          assertEquals((short) 4000, socket.closeStatusCode());
          assertEquals("done", socket.closeReason());
          ctx.completeNow();
        }));
      }));
  }
}
