package dev.realtimehub.support;

import dev.realtimehub.config.HubConfig;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access to the Redis server of integration tests (127.0.0.1:6379, database 1). Tests use a fresh key
 * prefix each, so they never see each other's state. Without a reachable Redis the tests are skipped
 * loudly, unless {@code HUB_IT_REQUIRE=1} (set by CI), which turns the skip into a failure.
 */
public final class RedisSupport {

  public static final String URL = System.getenv().getOrDefault("HUB_IT_REDIS_URL", "redis://127.0.0.1:6379/1");

  private RedisSupport() {
  }

  /** Skips (or, under CI, fails) the calling test when Redis does not answer. */
  public static void requireRedis() {
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "1".equals(System.getenv("HUB_IT_REQUIRE"))) {
      throw new AssertionError("Redis at 127.0.0.1:6379 is required (HUB_IT_REQUIRE=1) but does not answer");
    }
    if (!up) {
      System.err.println("!!! SKIPPING Redis integration test: no Redis on 127.0.0.1:6379 !!!");
    }
    Assumptions.assumeTrue(up, "Redis on 127.0.0.1:6379");
  }

  /** A unique key prefix for one test. */
  public static String prefix() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** The Redis settings of one test: the test database, a fresh prefix, short timeouts and presence TTL. */
  public static HubConfig.Redis config(String prefix) {
    return new HubConfig.Redis(URL, "standalone", List.of(), "mymaster", prefix, 2000, 4, 3);
  }

  /** Deletes every key of {@code prefix}, so that tests leave the database as they found it. */
  public static Future<Void> cleanUp(Vertx vertx, String prefix) {
    RedisStore redis = RedisStore.create(vertx, config(prefix));
    return deleteFrom(redis, prefix, "0").eventually(redis::close);
  }

  private static Future<Void> deleteFrom(RedisStore redis, String prefix, String cursor) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*").arg("COUNT").arg(500))
      .compose(page -> {
        String next = page.get(0).toString();
        Future<?> deleted = Future.succeededFuture();
        if (page.get(1).size() > 0) {
          Request del = Request.cmd(Command.DEL);
          page.get(1).forEach(key -> del.arg(key.toString()));
          deleted = redis.send(del);
        }
        return deleted.compose(v -> "0".equals(next) ? Future.<Void>succeededFuture()
          : deleteFrom(redis, prefix, next));
      });
  }

  /** Environment that makes a TestHub a node of the cluster named by {@code prefix}. */
  public static Map<String, String> node(String prefix) {
    return Map.of("HUB_REDIS_URL", URL, "HUB_REDIS_PREFIX", prefix);
  }
}
