package dev.realtimehub.health;

import dev.realtimehub.gateway.Drain;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the node takes new connections (it
 * reports 503 once draining starts, so load balancers stop sending clients here).
 */
public final class HealthHandler {

  private final Drain drain;

  public HealthHandler(Drain drain) {
    this.drain = drain;
  }

  public void live(RoutingContext rc) {
    respond(rc, 200, "UP");
  }

  public void ready(RoutingContext rc) {
    if (drain.draining()) {
      respond(rc, 503, "DRAINING");
    } else {
      respond(rc, 200, "UP");
    }
  }

  private static void respond(RoutingContext rc, int status, String state) {
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(new JsonObject().put("status", state).encode());
  }
}
