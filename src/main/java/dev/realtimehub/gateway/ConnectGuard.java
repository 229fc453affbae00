package dev.realtimehub.gateway;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Admits a new client connection before anything is upgraded or streamed: refuses while draining,
 * checks the browser Origin, and verifies the token from {@code Authorization: Bearer} or the
 * {@code token} query parameter (browsers cannot set headers on WebSocket and EventSource requests).
 */
public final class ConnectGuard {

  private static final String BEARER = "Bearer ";

  private ConnectGuard() {
  }

  public static Future<HubPrincipal> admit(GatewayContext gateway, HttpServerRequest request) {
    HubException refused = refuseTransport(gateway, request);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    String token = token(request);
    if (token == null) {
      if (gateway.config().ws().allowAnonymous()) {
        return Future.succeededFuture(HubPrincipal.anonymous());
      }
      gateway.metrics().connectionRejected("auth");
      return Future.failedFuture(HubException.unauthorized("a token is required"));
    }
    return gateway.authenticator().authenticate(token)
      .onFailure(failure -> gateway.metrics().connectionRejected("auth"));
  }

  /**
   * The checks every client connection passes whatever its protocol, before any credential is looked at: the
   * node is not draining and the browser Origin is allowed. Returns the refusal, or {@code null} to go on.
   */
  public static HubException refuseTransport(GatewayContext gateway, HttpServerRequest request) {
    if (gateway.drain().draining()) {
      gateway.metrics().connectionRejected("draining");
      return HubException.of(HubErrorCode.UNAVAILABLE, "the node is shutting down");
    }
    if (!gateway.origins().allows(request.getHeader(HttpHeaders.ORIGIN))) {
      gateway.metrics().connectionRejected("origin");
      return HubException.forbidden("origin not allowed");
    }
    return null;
  }

  static String token(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    String query = request.getParam("token");
    return query == null || query.isEmpty() ? null : query;
  }
}
