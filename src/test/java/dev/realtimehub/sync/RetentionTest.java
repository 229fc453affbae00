package dev.realtimehub.sync;

import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Retention of the sync store on the embedded store (H2 in memory). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class RetentionTest extends RetentionContract {

  @Override
  Map<String, String> store() {
    return Map.of();
  }
}
