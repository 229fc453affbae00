package dev.realtimehub.sync;

import dev.realtimehub.support.PgSupport;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The learning pipeline and the feature API on the real PostgreSQL (127.0.0.1:5432, database hub_test). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LearningPipelineIT extends LearningPipelineContract {

  @Override
  Map<String, String> store() {
    PgSupport.requirePostgres();
    return PgSupport.node();
  }
}
