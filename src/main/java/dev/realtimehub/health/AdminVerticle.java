package dev.realtimehub.health;

import dev.realtimehub.HubServices;
import dev.realtimehub.api.ErrorHandler;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

/** Serves health and metrics on {@code http.admin_port} when one is configured (kept off the public port). */
public final class AdminVerticle extends VerticleBase {

  private final HubServices services;

  public AdminVerticle(HubServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    AdminRoutes.mount(router, services);
    router.route().last().handler(rc -> rc.fail(HubException.notFound("no such resource")));
    router.route().failureHandler(new ErrorHandler());
    return vertx.createHttpServer()
      .requestHandler(router)
      .listen(services.config().http().adminPort(), services.config().http().host());
  }
}
