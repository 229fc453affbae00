package dev.realtimehub.pusher.api;

import dev.realtimehub.HubServices;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.config.PusherSettings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts the Pusher HTTP API under {@code /apps/{appId}}: a size-bounded body, the request signature, then the
 * endpoints. Failures are answered the way Pusher answers them (status and a plain-text message).
 */
public final class PusherApiRoutes {

  /** Room for JSON escaping of every event's data and the rest of a full batch. */
  static final int BODY_OVERHEAD_BYTES = 64 * 1024;

  private PusherApiRoutes() {
  }

  public static void mount(Router router, HubServices services) {
    HubConfig config = services.config();
    PusherSettings pusher = config.pusher();
    ChannelInfo info = new ChannelInfo(services.hub());
    PusherEventsHandler events = new PusherEventsHandler(services.hub(), services.coalescer(), pusher, info);
    PusherChannelsHandler channels = new PusherChannelsHandler(services.hub(), services.history(), info);
    router.route("/apps/*").failureHandler(new PusherErrorHandler());
    router.route("/apps/:appId/*").handler(BodyHandler.create(false)
      .setBodyLimit(bodyLimit(config))
      .setHandleFileUploads(false));
    router.route("/apps/:appId/*").handler(new PusherRequestAuth(services.pusherApps(),
      pusher.signatureToleranceSeconds(), config.api().ratePerSecond(), services.metrics()));
    router.route("/apps/:appId/*").handler(rc -> {
      services.metrics().pusherApiRequest("accepted");
      rc.next();
    });
    router.post("/apps/:appId/events").handler(events::events);
    router.post("/apps/:appId/batch_events").handler(events::batch);
    router.get("/apps/:appId/channels").handler(channels::list);
    router.get("/apps/:appId/channels/:name").handler(channels::show);
    router.get("/apps/:appId/channels/:name/users").handler(channels::users);
    router.post("/apps/:appId/users/:userId/terminate_connections").handler(channels::terminate);
  }

  /** A full batch of the largest events fits, twice over for escaping; never less than {@code http.max_body_bytes}. */
  static long bodyLimit(HubConfig config) {
    PusherSettings pusher = config.pusher();
    long largest = pusher.apps().stream().mapToLong(app -> app.maxEventBytes()).max().orElse(0);
    int events = Math.max(pusher.maxBatchEvents(), 1);
    return Math.max(config.http().maxBodyBytes(), 2 * largest * events + BODY_OVERHEAD_BYTES);
  }

  static void json(RoutingContext rc, JsonObject body) {
    rc.response()
      .setStatusCode(200)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }
}
