package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.kpi;
import static dev.realtimehub.support.SyncSupport.post;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded store keeps KPIs and the duplicate memory of the inbox across a restart on the same data dir. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class EmbeddedStoreRestartTest {

  @TempDir
  Path dataDir;
  private Vertx firstRun;
  private TestHub restarted;

  @AfterEach
  void stop() {
    if (restarted != null) {
      restarted.close().await();
    }
    if (firstRun != null) {
      firstRun.close().await();
    }
  }

  @Test
  void stateSurvivesAHubRestartOnTheSameDataDir(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = SyncSupport.env(Map.of("HUB_STORE_DATA_DIR", dataDir.toString(),
      "HUB_SHUTDOWN_GRACE_SECONDS", "0"));
    String body = envelope(transaction("sale", "a1", "77", 250)).encode();
    firstRun = Vertx.vertx();
    TestHub first = TestHub.start(firstRun, env).await();
    assertEquals(202, post(first, "transactions", body).await().status());
    ApiSupport.eventually(firstRun, 8000, () -> kpi(first, "sales_volume.team.77").map(r -> r.status() == 200))
      .await();
    first.close().await();
    firstRun.close().await();
    firstRun = null;
    restarted = TestHub.start(vertx, env).await();
    kpi(restarted, "sales_volume.team.77")
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(250, response.json().getInteger("value"));
      }))
      .compose(v -> post(restarted, "transactions", body))
      .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(true, again.json().getBoolean("duplicate"));
        ctx.completeNow();
      })));
  }
}
