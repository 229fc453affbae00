package dev.realtimehub.support;

import dev.realtimehub.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
    return new HubConfig.Redis(URL, "standalone", List.of(), "mymaster", prefix, 2000, 4, 3, 0);
  }

  /** Deletes every key of {@code prefix}, so that tests leave the database as they found it. */
  public static Future<Void> cleanUp(Vertx vertx, String prefix) {
    return deleteKeys(vertx, prefix);
  }

  /** Environment that makes a TestHub a node of the cluster named by {@code prefix}. */
  public static Map<String, String> node(String prefix) {
    return Map.of("HUB_REDIS_URL", URL, "HUB_REDIS_PREFIX", prefix);
  }

  /**
   * Deletes every key of a test's prefix (SCAN, then DEL), so tests leave the database as they found it. Stop the
   * nodes of the prefix first, or their timers may write keys again.
   */
  public static Future<Void> deleteKeys(Vertx vertx, String prefix) {
    Redis client = Redis.createClient(vertx, URL);
    return deleteFrom(client, "0", prefix)
      .timeout(10, TimeUnit.SECONDS)
      .eventually(client::close);
  }

  private static Future<Void> deleteFrom(Redis client, String cursor, String prefix) {
    return client.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*").arg("COUNT").arg(1000))
      .compose(reply -> {
        String next = reply.get(0).toString();
        Response keys = reply.get(1);
        Future<Response> deleted = keys.size() == 0 ? Future.succeededFuture() : client.send(delete(keys));
        return deleted.compose(v -> "0".equals(next) ? Future.succeededFuture() : deleteFrom(client, next, prefix));
      });
  }

  private static Request delete(Response keys) {
    Request del = Request.cmd(Command.DEL);
    keys.forEach(key -> del.arg(key.toString()));
    return del;
  }

  /** Undeploys every verticle of {@code vertx}: the in-process nodes stop their timers and Redis connections. */
  public static Future<Void> stopNodes(Vertx vertx) {
    return Future.join(vertx.deploymentIDs().stream()
        .map(id -> vertx.undeploy(id).otherwiseEmpty())
        .toList())
      .mapEmpty();
  }
}
