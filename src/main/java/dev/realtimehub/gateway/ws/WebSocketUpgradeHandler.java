package dev.realtimehub.gateway.ws;

import dev.realtimehub.gateway.ConnectGuard;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.error.HubException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
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
        .onSuccess(ws -> {
          requireValidUtf8(rc.request().connection());
          NativeSession.start(gateway, ws, principal);
        })
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

  /**
   * Vert.x decodes text frames leniently, turning invalid UTF-8 into U+FFFD; RFC 6455 requires failing the
   * connection with 1007 instead. Netty's validator checks every text frame, fragments included, sends the
   * 1007 close frame and drops the connection.
   */
  public static void requireValidUtf8(HttpConnection upgraded) {
    ((ConnectionBase) upgraded).channel().pipeline()
      .addAfter("wsencoder", "hub-utf8-validator", new Utf8FrameValidator(true));
  }
}
