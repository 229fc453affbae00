package dev.realtimehub.cluster;

import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started while its Redis is not up yet keeps trying for redis.startup_wait_seconds, then comes up once
 * Redis answers; with nothing to reach it fails to start within that wait. Uses a Redis server of its own on a
 * free port, so the shared one is never touched.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RedisStartupIT {

  private Process redis;
  private TestHub hub;

  @AfterEach
  void stop() throws InterruptedException {
    if (hub != null) {
      hub.close().await();
    }
    if (redis != null) {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> node(int redisPort, int waitSeconds) {
    return Map.of("HUB_REDIS_URL", "redis://127.0.0.1:" + redisPort + "/0",
      "HUB_REDIS_STARTUP_WAIT_SECONDS", Integer.toString(waitSeconds));
  }

  @Test
  void aNodeWaitsForARedisThatComesUpLate(Vertx vertx, VertxTestContext ctx) {
    RedisSupport.requireRedis();
    int port = TestHub.freePort();
    Future<TestHub> starting = TestHub.start(vertx, node(port, 30));
    vertx.timer(1500)
      .compose(t -> {
        ctx.verify(() -> assertFalse(starting.failed(), "the node gave up on the first refused connection: "
          + starting.cause()));
        return startRedis(vertx, port);
      })
      .compose(v -> starting)
      .compose(started -> {
        hub = started;
        return hub.request("GET", "/health/ready", null, null);
      })
      .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
        assertEquals(200, ready.status(), ready.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void aNodeWithNoRedisToReachFailsWithinTheWait(Vertx vertx, VertxTestContext ctx) {
    int port = TestHub.freePort();
    TestHub.start(vertx, node(port, 1)).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertTrue(String.valueOf(failure.getMessage()).toLowerCase().contains("connect")
        || String.valueOf(failure.getMessage()).toLowerCase().contains("redis"), String.valueOf(failure));
      ctx.completeNow();
    })));
  }

  private Future<Void> startRedis(Vertx vertx, int port) {
    return vertx.executeBlocking(() -> {
      try {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot run redis-server: " + e.getMessage(), e);
      }
      return null;
    });
  }
}
