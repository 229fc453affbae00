package dev.realtimehub.api;

import dev.realtimehub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class EmptyPublishBodyTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void publishWithoutBodyIs400(VertxTestContext ctx) {
    hub.request("POST", "/api/publish", null, TestHub.API_KEY)
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(400, response.status());
        assertEquals("bad_request", response.errorCode());
        ctx.completeNow();
      })));
  }

  @Test
  void batchWithoutBodyIs400(VertxTestContext ctx) {
    hub.request("POST", "/api/publish/batch", null, TestHub.API_KEY)
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(400, response.status());
        assertEquals("bad_request", response.errorCode());
        ctx.completeNow();
      })));
  }
}
