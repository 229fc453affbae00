package dev.realtimehub.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON responses of the server API. */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }
}
