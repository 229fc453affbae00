package dev.realtimehub.pusher.auth;

import dev.realtimehub.HubServices;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.OriginPolicy;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts the Pusher auth endpoints with CORS for the browser origins of {@code allowed_origins} (every origin when
 * the list is empty, as for {@code /ws}): a preflight from an allowed origin gets 204 with the methods pusher-js
 * uses and the headers the page asked for, one from any other origin 403.
 */
public final class PusherAuthRoutes {

  private static final String DEFAULT_HEADERS = "Authorization, Content-Type, X-Requested-With";
  private static final String REQUESTED_HEADERS = "[A-Za-z0-9\\-, ]{1,1000}";

  private PusherAuthRoutes() {
  }

  public static void mount(Router router, HubServices services) {
    PusherAuthHandler handler = new PusherAuthHandler(services);
    OriginPolicy origins = new OriginPolicy(services.config().allowedOrigins());
    router.route("/pusher/*").handler(rc -> cors(rc, origins));
    router.route("/pusher/*").handler(BodyHandler.create(false)
      .setBodyLimit(services.config().http().maxBodyBytes())
      .setHandleFileUploads(false));
    router.post("/pusher/auth").handler(handler::channel);
    router.post("/pusher/user-auth").handler(handler::user);
  }

  private static void cors(RoutingContext rc, OriginPolicy origins) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (!origins.allows(origin)) {
      rc.fail(HubException.forbidden("origin not allowed"));
      return;
    }
    if (origin != null) {
      rc.response()
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .putHeader(HttpHeaders.VARY, "Origin");
    }
    if (rc.request().method() == HttpMethod.OPTIONS) {
      rc.response()
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders(rc))
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
        .setStatusCode(204)
        .end();
      return;
    }
    rc.next();
  }

  /** The headers the page asks to send (pusher-js apps add their own, such as a CSRF token), if well-formed. */
  private static String allowedHeaders(RoutingContext rc) {
    String requested = rc.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    return requested != null && requested.matches(REQUESTED_HEADERS) ? requested : DEFAULT_HEADERS;
  }
}
