package dev.realtimehub.pusher.api;

import dev.realtimehub.api.ErrorHandler;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of the Pusher HTTP API, answered as Pusher does: the status and a plain-text message. The Pusher server
 * SDKs only look at the status and hand the body to the caller as the error's text; {@code 422} of the hub's own
 * validation becomes Pusher's {@code 400}.
 */
final class PusherErrorHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(PusherErrorHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    HubException error = ErrorHandler.toHubError(rc);
    if (error.code() == HubErrorCode.INTERNAL) {
      log.error("pusher api request failed method={} path={}", rc.request().method(), rc.normalizedPath(),
        rc.failure());
    }
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    if (!rc.request().isEnded()) {
      rc.request().resume();
    }
    int status = error.code() == HubErrorCode.UNPROCESSABLE ? 400 : error.code().status();
    if (status == 429 || status == 503) {
      rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
      .end(error.getMessage() + "\n");
  }
}
