package dev.realtimehub.sync;

import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Change webhooks to HBH-2 on the embedded store (H2 in memory). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class ChangeWebhooksTest extends ChangeWebhooksContract {

  @Override
  Map<String, String> store() {
    return Map.of();
  }
}
