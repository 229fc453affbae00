package dev.realtimehub.sync.features;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Addresses;
import dev.realtimehub.sync.access.UserAccessRepository;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The feature access API, behind the API key: {@code POST /api/shared/features/check-access} answers whether a
 * user may use a feature and what is missing; {@code POST /api/shared/features/unlock} unlocks one by hand, with
 * the same effects and notifications as a rule (and then any feature that depended on it).
 */
public final class FeatureRoutes {

  private static final Logger log = LoggerFactory.getLogger(FeatureRoutes.class);

  private final Store store;
  private final FeatureUnlocker unlocker;
  private final UserAccessRepository access;
  private final long timeoutMs;

  private FeatureRoutes(Store store, FeatureUnlocker unlocker, long timeoutMs) {
    this.store = store;
    this.unlocker = unlocker;
    this.access = new UserAccessRepository(store);
    this.timeoutMs = timeoutMs;
  }

  /** Mount after the API key check and the API body handler. */
  public static void mount(Router router, Store store, FeatureUnlocker unlocker, long timeoutMs) {
    FeatureRoutes routes = new FeatureRoutes(store, unlocker, timeoutMs);
    router.post("/api/shared/features/check-access").handler(routes::checkAccess);
    router.post("/api/shared/features/unlock").handler(routes::unlock);
  }

  private void checkAccess(RoutingContext rc) {
    FeatureRequest request = FeatureRequest.parse(rc.body().buffer(), unlocker.rules());
    unlocker.check(store.pool(), request.userId(), request.rule())
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .onSuccess(answer -> json(rc, answer))
      .onFailure(e -> rc.fail(unavailable("check-access", request, e)));
  }

  private void unlock(RoutingContext rc) {
    FeatureRequest request = FeatureRequest.parse(rc.body().buffer(), unlocker.rules());
    long now = System.currentTimeMillis();
    store.pool().withTransaction(conn -> access.lock(conn, request.userId(), now)
        .compose(locked -> unlocker.unlock(conn, request.userId(), request.rule(), FeatureUnlocker.MANUAL, now))
        .compose(isNew -> unlocker.unlockSatisfied(conn, request.userId(), now)
          .map(more -> new JsonObject()
            .put("userId", request.userId())
            .put("feature", request.rule().name())
            .put("unlocked", true)
            .put("new", isNew)
            .put("alsoUnlocked", new JsonArray(more)))))
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .onSuccess(answer -> {
        rc.vertx().eventBus().publish(Addresses.OUTBOX_WAKE, "", new DeliveryOptions().setLocalOnly(true));
        json(rc, answer);
      })
      .onFailure(e -> rc.fail(unavailable("unlock", request, e)));
  }

  private static HubException unavailable(String action, FeatureRequest request, Throwable failure) {
    log.warn("feature {} failed user={} feature={}: {}", action, request.userId(), request.rule().name(),
      failure.toString());
    return HubException.of(HubErrorCode.UNAVAILABLE, "the store is unavailable: retry later");
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response()
      .setStatusCode(200)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }
}
