package dev.realtimehub.pusher.api;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.RateLimiter;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.pusher.PusherApps;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherSigner;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks a signed request of the Pusher HTTP API the way Pusher does: the app from the path ({@code 404} when
 * unknown), then {@code auth_key} (the app's key), {@code auth_timestamp} (within the tolerance),
 * {@code auth_version=1.0}, {@code body_md5} (required with a body, over the raw bytes) and {@code auth_signature}
 * over {@code METHOD\npath\nsorted query} ({@code 401} for any of them, compared in constant time), and last the
 * app being enabled ({@code 403}). An admitted request then takes a token from the app's rate limiter
 * ({@code api.rate_per_second}, as for an API key: {@code 429} beyond it). Puts the app in the context under
 * {@link #APP}. One instance per node: the limiters are shared by every event loop.
 */
final class PusherRequestAuth implements Handler<RoutingContext> {

  static final String APP = "pusherApp";

  private final PusherApps apps;
  private final long toleranceSeconds;
  private final HubMetrics metrics;
  private final Map<String, RateLimiter> limiters = new HashMap<>();

  PusherRequestAuth(PusherApps apps, long toleranceSeconds, int ratePerSecond, HubMetrics metrics) {
    this.apps = apps;
    this.toleranceSeconds = toleranceSeconds;
    this.metrics = metrics;
    for (PusherApp app : apps.all()) {
      limiters.put(app.id(), new RateLimiter(ratePerSecond, ratePerSecond, System.nanoTime()));
    }
  }

  @Override
  public void handle(RoutingContext rc) {
    PusherApp app = apps.byId(rc.pathParam("appId"));
    if (app == null) {
      refuse(rc, "unknown_app", HubException.notFound("Unknown app"));
      return;
    }
    String problem = problem(rc, app);
    if (problem != null) {
      refuse(rc, "unauthorized", HubException.unauthorized(problem));
      return;
    }
    if (!app.settings().enabled()) {
      refuse(rc, "disabled", HubException.forbidden("App is disabled"));
      return;
    }
    RateLimiter limiter = limiters.get(app.id());
    RateLimiter.Verdict verdict;
    synchronized (limiter) {
      verdict = limiter.acquire(System.nanoTime());
    }
    if (verdict != RateLimiter.Verdict.ALLOWED) {
      refuse(rc, "rate_limited", HubException.of(HubErrorCode.RATE_LIMITED, "App over its request rate"));
      return;
    }
    rc.put(APP, app);
    rc.next();
  }

  private void refuse(RoutingContext rc, String outcome, HubException error) {
    metrics.pusherApiRequest(outcome);
    rc.fail(error);
  }

  /** What is wrong with the request's signature, or {@code null} when it is correctly signed. */
  private String problem(RoutingContext rc, PusherApp app) {
    MultiMap query = rc.queryParams();
    Map<String, String> params = new HashMap<>();
    for (String name : query.names()) {
      if (query.getAll(name).size() > 1) {
        return "Parameter " + name + " is given more than once";
      }
      params.put(name, query.get(name));
    }
    String key = params.get("auth_key");
    if (key == null || !key.equals(app.key())) {
      return key == null ? "Missing auth_key" : "Unknown auth_key";
    }
    String timestamp = params.get("auth_timestamp");
    if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
      return "Missing or malformed auth_timestamp";
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > toleranceSeconds) {
      return "Timestamp expired: given " + timestamp + ", must be within " + toleranceSeconds + " s of the server time "
        + System.currentTimeMillis() / 1000;
    }
    if (!"1.0".equals(params.get("auth_version"))) {
      return "Missing or unsupported auth_version (1.0 expected)";
    }
    byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    if (body.length > 0) {
      String md5 = params.get("body_md5");
      if (md5 == null) {
        return "Missing body_md5";
      }
      if (!PusherSigner.constantTimeEquals(md5, PusherSigner.bodyMd5(body))) {
        return "body_md5 does not match the body";
      }
    }
    String signature = params.get("auth_signature");
    if (signature == null) {
      return "Missing auth_signature";
    }
    if (!app.signer().verifyRequest(signature, rc.request().method().name(), rc.request().path(), params)) {
      return "Invalid signature: you should have sent HmacSHA256Hex(\"" + rc.request().method().name() + "\\n"
        + rc.request().path() + "\\n<sorted query>\", your_secret)";
    }
    return null;
  }

  /** The app {@link PusherRequestAuth} admitted the request for. */
  static PusherApp app(RoutingContext rc) {
    PusherApp app = rc.get(APP);
    if (app == null) {
      throw HubException.of(HubErrorCode.INTERNAL, "request reached a handler without authentication");
    }
    return app;
  }
}
