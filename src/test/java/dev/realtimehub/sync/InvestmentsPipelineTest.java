package dev.realtimehub.sync;

import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The InvestmentsPipelineContract on the embedded store (H2 in memory). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class InvestmentsPipelineTest extends InvestmentsPipelineContract {

  @Override
  Map<String, String> store() {
    return Map.of();
  }

  @Override
  boolean appliesTogether() {
    return false;
  }
}
