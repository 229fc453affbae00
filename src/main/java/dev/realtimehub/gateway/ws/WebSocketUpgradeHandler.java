package dev.realtimehub.gateway.ws;

import dev.realtimehub.gateway.ConnectGuard;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.error.HubException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws}: admits the connection (drain, Origin, token) while it is still plain HTTP, so a refusal
 * is a real status (401, 403, 503) instead of a closed socket, then upgrades and starts a native session.
 */
public final class WebSocketUpgradeHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);

  private final GatewayContext gateway;

  public WebSocketUpgradeHandler(GatewayContext gateway) {
    this.gateway = gateway;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (!isUpgrade(rc)) {
      return;
    }
    ConnectGuard.admit(gateway, rc.request())
      .onFailure(rc::fail)
      .onSuccess(principal -> rc.request().toWebSocket()
        .onSuccess(ws -> NativeSession.start(gateway, ws, WebSocketPipeline.tune(rc.request().connection()),
          principal))
        .onFailure(failure -> log.debug("websocket upgrade failed: {}", failure.getMessage())));
  }

  /** Whether the request asks for a WebSocket upgrade; fails it with 400 otherwise. */
  public static boolean isUpgrade(RoutingContext rc) {
    String upgrade = rc.request().getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      rc.fail(HubException.badRequest("expected a WebSocket upgrade"));
      return false;
    }
    return true;
  }
}
