package dev.realtimehub.health;

import dev.realtimehub.HubServices;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Mounts {@code /health/live}, {@code /health/ready} and {@code /metrics} (Prometheus text format). */
public final class AdminRoutes {

  private AdminRoutes() {
  }

  public static void mount(Router router, HubServices services) {
    HealthHandler health = new HealthHandler(services.drain(), services.readiness());
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.registry()));
  }
}
