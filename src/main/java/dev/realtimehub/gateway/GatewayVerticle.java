package dev.realtimehub.gateway;

import dev.realtimehub.HubServices;
import dev.realtimehub.api.ApiRoutes;
import dev.realtimehub.api.ErrorHandler;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.core.InstanceSubscriptions;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.sse.SseHandler;
import dev.realtimehub.gateway.ws.WebSocketUpgradeHandler;
import dev.realtimehub.health.AdminRoutes;
import dev.realtimehub.pusher.auth.PusherAuthRoutes;
import dev.realtimehub.pusher.ws.PusherUpgradeHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of the gateway: an HTTP server on the shared port serving WebSocket, SSE and the server
 * API, the sessions it accepted, and a once-a-second sweep for heartbeats, idle and handshake deadlines.
 */
public final class GatewayVerticle extends VerticleBase {

  private final HubServices services;
  private final int index;
  private final Map<HttpConnection, Long> awaitingFirstRequest = new IdentityHashMap<>();
  private GatewayContext gateway;
  private HttpServer server;

  public GatewayVerticle(HubServices services, int index) {
    this.services = services;
    this.index = index;
  }

  @Override
  public Future<?> start() {
    gateway = new GatewayContext(vertx, services.config(), services.hub(), services.authenticator(),
      services.metrics(), services.drain(), index);
    services.hub().register(index, context, new InstanceSubscriptions(services.metrics()), this::terminateUser);
    HubConfig.Http http = services.config().http();
    server = vertx.createHttpServer(serverOptions(services.config()))
      .connectionHandler(this::onConnection)
      .requestHandler(router());
    vertx.setPeriodic(1000, timer -> sweep());
    return server.listen(http.port(), http.host());
  }

  /** The port the server is bound to (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  static HttpServerOptions serverOptions(HubConfig config) {
    HubConfig.Http http = config.http();
    HubConfig.Ws ws = config.ws();
    return new HttpServerOptions()
      .setIdleTimeout(http.idleTimeoutSeconds())
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setMaxHeaderSize(http.maxHeaderBytes())
      .setMaxInitialLineLength(http.maxInitialLineBytes())
      .setMaxWebSocketFrameSize(ws.maxFrameBytes())
      .setMaxWebSocketMessageSize(ws.maxMessageBytes())
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false)
      .setCompressionSupported(false)
      .setHttp2ClearTextEnabled(false)
      .setHandle100ContinueAutomatically(false)
      // Every response is written from the connection's own event loop, so the connection needs no
      // thread-safe outbound queue (about 4 KB per connection, held for a WebSocket's whole life).
      .setStrictThreadMode(true);
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(rc -> {
      awaitingFirstRequest.remove(rc.request().connection());
      rc.next();
    });
    router.get("/ws").handler(new WebSocketUpgradeHandler(gateway));
    router.get("/sse").handler(new SseHandler(gateway));
    router.get("/app/:key").handler(new PusherUpgradeHandler(gateway, services));
    PusherAuthRoutes.mount(router, services);
    ApiRoutes.mount(vertx, router, services);
    if (services.config().http().adminPort() == 0) {
      AdminRoutes.mount(router, services);
    }
    router.route().last().handler(rc -> rc.fail(HubException.notFound("no such resource")));
    router.route().failureHandler(new ErrorHandler());
    return router;
  }

  private void onConnection(HttpConnection connection) {
    awaitingFirstRequest.put(connection, System.nanoTime());
    connection.closeHandler(v -> awaitingFirstRequest.remove(connection));
  }

  private void sweep() {
    long nowNanos = System.nanoTime();
    long nowSeconds = System.currentTimeMillis() / 1000;
    for (Session session : new ArrayList<>(gateway.sessions())) {
      session.sweep(nowNanos, nowSeconds);
    }
    long deadline = TimeUnit.SECONDS.toNanos(services.config().http().requestHeaderTimeoutSeconds());
    awaitingFirstRequest.entrySet().removeIf(entry -> {
      if (nowNanos - entry.getValue() > deadline) {
        services.metrics().connectionRejected("header_timeout");
        entry.getKey().close();
        return true;
      }
      return false;
    });
  }

  private void terminateUser(String userId) {
    for (Session session : new ArrayList<>(gateway.sessions())) {
      if (userId.equals(session.userId())) {
        session.terminate();
      }
    }
  }

  /** Tells every client to reconnect elsewhere, then waits (bounded) for connections to finish. */
  @Override
  public Future<?> stop() {
    for (Session session : new ArrayList<>(gateway.sessions())) {
      session.close(CloseReason.SHUTDOWN);
    }
    services.hub().unregister(index);
    return server.shutdown(services.config().shutdown().graceSeconds(), TimeUnit.SECONDS);
  }
}
