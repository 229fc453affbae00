package dev.realtimehub.api;

import dev.realtimehub.HubServices;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.pusher.api.PusherApiRoutes;
import dev.realtimehub.sync.SyncRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Mounts the server API under {@code /api}: API key first, then a size-bounded JSON body. */
public final class ApiRoutes {

  private ApiRoutes() {
  }

  public static void mount(Vertx vertx, Router router, HubServices services) {
    HubConfig config = services.config();
    PublishHandler publish = new PublishHandler(services.hub(), services.coalescer(), new PublishRequest.Limits(
      config.channels().types(), config.api().maxChannelsPerPublish(), config.channels().maxDataBytes()),
      config.api().maxBatch());
    ChannelsHandler channels = new ChannelsHandler(services.hub(), services.memberships());
    ChannelStateHandler state = new ChannelStateHandler(services.hub(), services.history());
    NotifyHandler notify = new NotifyHandler(vertx, services.hub(), config.notifications().maxUsers(),
      config.channels().maxDataBytes());
    SyncRoutes.mountWebhooks(vertx, router, services);
    router.route("/api/*").handler(services.apiKeys());
    router.route("/api/*").handler(BodyHandler.create(false)
      .setBodyLimit(config.http().maxBodyBytes())
      .setHandleFileUploads(false));
    router.post("/api/publish").handler(publish::publish);
    router.post("/api/publish/batch").handler(publish::batch);
    router.get("/api/channels").handler(channels::list);
    router.post("/api/notify").handler(notify::notify);
    router.get("/api/channels/:name").handler(channels::show);
    router.get("/api/channels/:name/history").handler(state::history);
    router.get("/api/channels/:name/presence").handler(state::presence);
    router.get("/api/channels/:name/reads").handler(state::reads);
    router.put("/api/channels/:name/members/:userId").handler(channels::addMember);
    router.delete("/api/channels/:name/members/:userId").handler(channels::removeMember);
    SyncRoutes.mountApi(router, services);
    PusherApiRoutes.mount(router, services);
  }
}
