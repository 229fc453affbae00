package dev.realtimehub.pusher.ws;

import dev.realtimehub.HubServices;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.ConnectGuard;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.ws.FrameWriter;
import dev.realtimehub.gateway.ws.WebSocketPipeline;
import dev.realtimehub.gateway.ws.WebSocketUpgradeHandler;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /app/{key}?protocol=7}: the Pusher WebSocket endpoint. Draining and a refused Origin are answered
 * in HTTP (503, 403) as on {@code /ws}; everything Pusher defines a close code for is answered the Pusher way,
 * after the upgrade, with {@code pusher:error} and the close code: unknown key 4001, disabled app 4003, no
 * protocol 4008, a protocol outside 5..7 4007, the app's {@code max_connections} reached on this node 4100.
 */
public final class PusherUpgradeHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(PusherUpgradeHandler.class);
  static final int MIN_PROTOCOL = 5;
  static final int MAX_PROTOCOL = 7;

  private final GatewayContext gateway;
  private final PusherContext pusher;

  public PusherUpgradeHandler(GatewayContext gateway, HubServices services) {
    this.gateway = gateway;
    this.pusher = new PusherContext(services.pusherApps(), services.config().pusher(), services.pusherActivity(),
      services.config().channels().types());
  }

  @Override
  public void handle(RoutingContext rc) {
    if (!WebSocketUpgradeHandler.isUpgrade(rc)) {
      return;
    }
    HubException refused = ConnectGuard.refuseTransport(gateway, rc.request());
    if (refused != null) {
      rc.fail(refused);
      return;
    }
    PusherApp app = pusher.apps().byKey(rc.pathParam("key"));
    String protocol = rc.request().getParam("protocol");
    rc.request().toWebSocket()
      .onSuccess(ws -> {
        FrameWriter frames = WebSocketPipeline.tune(rc.request().connection());
        PusherErrorCode refusal = refusal(app, protocol);
        if (refusal != null) {
          refuse(ws, refusal);
        } else {
          PusherSession.start(gateway, pusher, ws, frames, app);
        }
      })
      .onFailure(failure -> log.debug("pusher websocket upgrade failed: {}", failure.getMessage()));
  }

  /** Why the connection is refused, or {@code null}; a connection admitted is counted against the app's cap. */
  private PusherErrorCode refusal(PusherApp app, String protocol) {
    if (app == null) {
      return PusherErrorCode.APP_NOT_FOUND;
    }
    if (!app.settings().enabled()) {
      return PusherErrorCode.APP_DISABLED;
    }
    if (protocol == null || protocol.isEmpty()) {
      return PusherErrorCode.NO_PROTOCOL;
    }
    if (!protocol.matches("\\d{1,3}") || Integer.parseInt(protocol) < MIN_PROTOCOL
      || Integer.parseInt(protocol) > MAX_PROTOCOL) {
      return PusherErrorCode.UNSUPPORTED_PROTOCOL;
    }
    return pusher.apps().tryConnect(app) ? null : PusherErrorCode.OVER_CAPACITY;
  }

  private void refuse(ServerWebSocket ws, PusherErrorCode code) {
    gateway.metrics().connectionRejected("pusher_" + code.code());
    ws.writeTextMessage(PusherCodec.error(code, code.message()));
    ws.close((short) code.code(), code.message());
  }
}
