package dev.realtimehub.sync;

import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** KPI notifications on the embedded store (H2 in memory), and the start-up check of the rules file. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class KpiNotificationsTest extends KpiNotificationsContract {

  @Override
  Map<String, String> store() {
    return Map.of();
  }

  @Test
  void aHubWithAnInvalidKpiRulesFileDoesNotStart(Vertx vertx, VertxTestContext ctx) {
    String file = DomainSupport.kpiRules("rules:\n  - metric: sales_volume\n    above: high\n");
    TestHub.start(vertx, SyncSupport.env(Map.of("HUB_SYNC_KPI_RULES_FILE", file)))
      .onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertTrue(e.getMessage().contains("rules[0].above: must be a list"), e.getMessage());
        ctx.completeNow();
      })));
  }
}
