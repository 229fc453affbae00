package dev.realtimehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis server a cluster target runs on: the machine's own, shared with whatever else uses it, so the bench
 * never flushes anything. It finds the server's process to report its CPU, and deletes the keys of a run's
 * prefix afterwards. Calls block the bench thread, never an event loop.
 */
final class SharedRedis {

  private static final Pattern PROCESS_ID = Pattern.compile("process_id:(\\d+)");
  private static final long TIMEOUT_SECONDS = 30;

  private SharedRedis() {
  }

  /**
   * The pid of the Redis server at {@code url} when it runs on this machine ({@code INFO server} names a
   * process whose {@code /proc} entry is a redis-server); empty otherwise. Fails when Redis does not answer.
   */
  static OptionalLong localPid(Vertx vertx, String url) {
    Redis client = Redis.createClient(vertx, url);
    String info = client.send(Request.cmd(Command.INFO).arg("server"))
      .map(Response::toString)
      .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
      .eventually(client::close)
      .recover(failure -> Future.failedFuture(new IllegalStateException("the Redis of a cluster target does not "
        + "answer at " + display(url) + ": " + failure.getMessage(), failure)))
      .await();
    Matcher pid = PROCESS_ID.matcher(info);
    if (!pid.find()) {
      return OptionalLong.empty();
    }
    try {
      String comm = Files.readString(Path.of("/proc", pid.group(1), "comm"));
      return comm.startsWith("redis") ? OptionalLong.of(Long.parseLong(pid.group(1))) : OptionalLong.empty();
    } catch (IOException notHere) {
      return OptionalLong.empty();
    }
  }

  /** {@code url} without its credentials, fit for the report and messages. */
  static String display(String url) {
    return url.replaceFirst("//[^@/]*@", "//***@");
  }

  /** The CPUs the process may run on ({@code Cpus_allowed_list}), as Linux lists them. */
  static String allowedCpus(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("Cpus_allowed_list:"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Deletes every key under {@code prefix} (SCAN then UNLINK) and returns how many there were. */
  static long deleteKeys(Vertx vertx, String url, String prefix) {
    Redis client = Redis.createClient(vertx, url);
    return deleteFrom(client, "0", prefix + "*", 0)
      .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
      .eventually(client::close)
      .await();
  }

  private static Future<Long> deleteFrom(Redis client, String cursor, String pattern, long deleted) {
    return client.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
      .compose(page -> unlink(client, page.get(1))
        .compose(count -> {
          String next = page.get(0).toString();
          long total = deleted + count;
          return "0".equals(next) ? Future.succeededFuture(total) : deleteFrom(client, next, pattern, total);
        }));
  }

  private static Future<Long> unlink(Redis client, Response keys) {
    if (keys.size() == 0) {
      return Future.succeededFuture(0L);
    }
    Request unlink = Request.cmd(Command.UNLINK);
    keys.forEach(key -> unlink.arg(key.toString()));
    return client.send(unlink).map(Response::toLong);
  }
}
