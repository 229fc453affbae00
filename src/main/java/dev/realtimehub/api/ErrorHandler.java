package dev.realtimehub.api;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: renders every failure as {@code {"error":{"code":…,"message":…}}} with
 * the matching status. Unexpected failures are logged once here and answered without their details.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    HubException error = toHubError(rc);
    if (error.code() == HubErrorCode.INTERNAL) {
      log.error("request failed method={} path={}", rc.request().method(), rc.normalizedPath(), rc.failure());
    }
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    // The router pauses a request until its body is read; a request refused before that (bad API key,
    // unknown route) must be resumed, or its unread body stalls every later request on the kept-alive
    // connection.
    if (!rc.request().isEnded()) {
      rc.request().resume();
    }
    int status = error.code().status();
    if (status == 429 || status == 503) {
      rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body(error).encode());
  }

  static JsonObject body(HubException error) {
    return new JsonObject().put("error", new JsonObject()
      .put("code", error.code().reason())
      .put("message", error.getMessage()));
  }

  /** The hub error a failed request stands for: its own, or one matching the status the router failed with. */
  public static HubException toHubError(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof HubException hub) {
      return hub;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    return switch (status) {
      case 400 -> HubException.badRequest("bad request");
      case 401 -> HubException.unauthorized("unauthorized");
      case 403 -> HubException.forbidden("forbidden");
      case 404 -> HubException.notFound("no such resource");
      case 405 -> HubException.of(HubErrorCode.NOT_FOUND, "method not allowed on this resource");
      case 413 -> HubException.of(HubErrorCode.TOO_LARGE, "request body too large");
      case 415 -> HubException.badRequest("unsupported content type: send application/json");
      case 429 -> HubException.of(HubErrorCode.RATE_LIMITED, "too many requests");
      case 503 -> HubException.of(HubErrorCode.UNAVAILABLE, "unavailable");
      default -> HubException.from(failure);
    };
  }
}
