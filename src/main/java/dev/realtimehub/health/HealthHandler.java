package dev.realtimehub.health;

import dev.realtimehub.gateway.Drain;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the node takes new connections (it
 * reports 503 once draining starts, or while a dependency such as Redis does not answer, so load balancers
 * stop sending clients here).
 */
public final class HealthHandler {

  private final Drain drain;
  private final Supplier<Future<Void>> dependencies;

  public HealthHandler(Drain drain, Supplier<Future<Void>> dependencies) {
    this.drain = drain;
    this.dependencies = dependencies;
  }

  public void live(RoutingContext rc) {
    respond(rc, 200, "UP");
  }

  public void ready(RoutingContext rc) {
    if (drain.draining()) {
      respond(rc, 503, "DRAINING");
      return;
    }
    dependencies.get()
      .onSuccess(v -> respond(rc, 200, "UP"))
      .onFailure(e -> respond(rc, 503, "DEPENDENCY_DOWN"));
  }

  private static void respond(RoutingContext rc, int status, String state) {
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(new JsonObject().put("status", state).encode());
  }
}
