package dev.realtimehub.sync;

import dev.realtimehub.support.PgSupport;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Change webhooks to HBH-2 on the real PostgreSQL (127.0.0.1:5432, a database of this test run). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class ChangeWebhooksIT extends ChangeWebhooksContract {

  @Override
  Map<String, String> store() {
    PgSupport.requirePostgres();
    return PgSupport.node();
  }
}
