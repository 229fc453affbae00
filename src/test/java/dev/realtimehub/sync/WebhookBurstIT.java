package dev.realtimehub.sync;

import dev.realtimehub.support.PgSupport;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A burst of webhooks, every event twice, on the real PostgreSQL (127.0.0.1:5432, a database of this test run). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class WebhookBurstIT extends WebhookBurstContract {

  @Override
  Map<String, String> store() {
    PgSupport.requirePostgres();
    return PgSupport.node();
  }

  @Override
  boolean groupsInserts() {
    return true;
  }
}
