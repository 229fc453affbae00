package dev.realtimehub.pusher.compat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life of a compatibility test: Node and the packages checked (once per JVM), a fresh {@link CompatHub} per
 * test (so webhooks and channels of one test never reach another), each test bounded.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
abstract class CompatTestBase {

  protected CompatHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    NodeScenarios.requireNode();
    hub = CompatHub.start(vertx);
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close().await();
    }
  }
}
