package dev.realtimehub;

import dev.realtimehub.config.ConfigException;
import dev.realtimehub.config.ConfigLoader;
import dev.realtimehub.gateway.Drain;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Starts a hub node: metrics registry, Vert.x, configuration, then the {@link HubVerticle}. On SIGTERM the
 * node drains: it refuses new connections, tells clients to reconnect, and waits a bounded time.
 */
public final class HubMain {

  private static final Logger log = LoggerFactory.getLogger(HubMain.class);

  private HubMain() {
  }

  public static void main(String[] args) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions()
        .setPreferNativeTransport(true)
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
      .withMetrics(new MicrometerMetricsFactory(registry))
      .build();
    log.info("transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)"
      : "Java NIO (native transport unavailable: " + vertx.unavailableNativeTransportCause() + ")");
    Drain drain = new Drain();
    ConfigLoader.fromProcess(vertx).load()
      .compose(config -> {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, drain,
          config.shutdown().graceSeconds()), "hub-shutdown"));
        return vertx.deployVerticle(new HubVerticle(config, registry, drain));
      })
      .onFailure(failure -> {
        if (failure instanceof ConfigException) {
          log.error("{}", failure.getMessage());
        } else {
          log.error("hub failed to start", failure);
        }
        vertx.close().onComplete(v -> System.exit(1));
      });
  }

  private static void shutdown(Vertx vertx, Drain drain, int graceSeconds) {
    log.info("shutdown requested: draining connections (at most {} s)", graceSeconds);
    drain.start();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(graceSeconds + 5L, TimeUnit.SECONDS);
      log.info("shutdown complete");
    } catch (Exception e) {
      log.warn("shutdown did not finish in time: {}", e.toString());
    }
  }
}
