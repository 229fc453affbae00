package dev.realtimehub.sync;

import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A burst of webhooks, every event twice, on the embedded store (H2 in memory), which inserts them one by one. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class WebhookBurstTest extends WebhookBurstContract {

  @Override
  Map<String, String> store() {
    return Map.of();
  }

  @Override
  boolean groupsInserts() {
    return false;
  }
}
