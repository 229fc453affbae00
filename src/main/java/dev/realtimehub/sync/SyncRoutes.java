package dev.realtimehub.sync;

import dev.realtimehub.HubServices;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.error.HubException;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.features.FeatureRoutes;
import dev.realtimehub.sync.features.FeatureUnlocker;
import dev.realtimehub.sync.changes.ChangeRoutes;
import dev.realtimehub.sync.investment.InvestmentRoutes;
import dev.realtimehub.sync.notification.NotificationRoutes;
import dev.realtimehub.sync.pipeline.KpiRepository;
import dev.realtimehub.sync.webhook.WebhookHandler;
import dev.realtimehub.sync.webhook.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP side of the sync pipelines. {@link #mountWebhooks} must come before the API key check: webhooks
 * authenticate with their signature. {@link #mountApi} adds the KPI and dead-letter endpoints behind the key.
 */
public final class SyncRoutes {

  private static final int DEAD_LETTER_PAGE = 100;

  private final InboxRepository inbox;
  private final KpiRepository kpis;

  private SyncRoutes(Store store) {
    this.inbox = new InboxRepository(store);
    this.kpis = new KpiRepository(store);
  }

  /** {@code POST /api/shared/sync/{source}}, with its own body limit and no API key. */
  public static void mountWebhooks(Vertx vertx, Router router, HubServices services) {
    HubConfig.Webhook config = services.config().webhook();
    WebhookHandler webhooks = new WebhookHandler(vertx, new WebhookSignature(config.secret(),
      config.toleranceSeconds()), new InboxRepository(services.store()), config.maxItems(),
      services.config().pg().timeoutMs(), services.metrics());
    router.post("/api/shared/sync/:source")
      .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()).setHandleFileUploads(false))
      .handler(webhooks::handle);
  }

  /** {@code GET /api/kpis/{id}}, the dead letters and their replay; mount after the API key check. */
  public static void mountApi(Router router, HubServices services) {
    SyncRoutes routes = new SyncRoutes(services.store());
    router.get("/api/kpis/:id").handler(routes::kpi);
    router.get("/api/shared/sync/dead-letters").handler(routes::deadLetters);
    router.post("/api/shared/sync/dead-letters/:id/replay").handler(routes::replay);
    FeatureRoutes.mount(router, services.store(), FeatureUnlocker.create(services.store(),
      services.config().features().rules(), services.metrics()), services.config().pg().timeoutMs());
    InvestmentRoutes.mount(router, services.store());
    NotificationRoutes.mount(router, services.store());
    ChangeRoutes.mount(router, services.store());
  }

  private void kpi(RoutingContext rc) {
    String id = rc.pathParam("id");
    kpis.find(id)
      .onSuccess(kpi -> {
        if (kpi == null) {
          rc.fail(HubException.notFound("no such KPI: " + id));
        } else {
          json(rc, 200, kpi);
        }
      })
      .onFailure(rc::fail);
  }

  private void deadLetters(RoutingContext rc) {
    inbox.deadLetters(DEAD_LETTER_PAGE)
      .onSuccess(letters -> json(rc, 200, new JsonObject().put("deadLetters", letters)))
      .onFailure(rc::fail);
  }

  private void replay(RoutingContext rc) {
    String raw = rc.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      rc.fail(HubException.notFound("no such dead letter: " + raw));
      return;
    }
    long id = Long.parseLong(raw);
    inbox.replay(id, System.currentTimeMillis())
      .onSuccess(replayed -> {
        if (replayed) {
          rc.vertx().eventBus().publish(Addresses.INBOX_WAKE, "replay");
          json(rc, 202, new JsonObject().put("replayed", id));
        } else {
          rc.fail(HubException.notFound("no such dead letter: " + id));
        }
      })
      .onFailure(rc::fail);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }
}
