package dev.realtimehub.sync;

import dev.realtimehub.support.PgSupport;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The InvestmentsPipelineContract on the real PostgreSQL (127.0.0.1:5432). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class InvestmentsPipelineIT extends InvestmentsPipelineContract {

  @Override
  Map<String, String> store() {
    PgSupport.requirePostgres();
    return PgSupport.node();
  }

  @Override
  boolean appliesTogether() {
    return true;
  }
}
