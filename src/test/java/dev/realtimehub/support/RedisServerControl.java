package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the Redis server of the integration tests (127.0.0.1:6379) with {@code redis-cli} and
 * {@code redis-server}, as an operator would. It starts with the same command as {@code .ci/run}, so the server
 * keeps nothing on disk. The commands run on worker threads; waits are bounded polls of {@code redis-cli ping}.
 */
public final class RedisServerControl {

  private static final List<String> CLI = List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379");

  private RedisServerControl() {
  }

  /** {@code true} when {@code redis-cli ping} answers PONG. */
  public static Future<Boolean> ping(Vertx vertx) {
    return vertx.executeBlocking(() -> "PONG".equals(run(command("ping"))), false);
  }

  /** Stops the server without saving; completes once it no longer answers (at most 10 s). */
  public static Future<Void> shutdown(Vertx vertx) {
    return vertx.executeBlocking(() -> run(command("shutdown", "nosave")), false)
      .compose(output -> ApiSupport.eventually(vertx, 10_000, () -> ping(vertx).map(up -> !up)))
      .recover(e -> Future.failedFuture("redis still answers after shutdown: " + e.getMessage()));
  }

  /** Starts the server unless it answers already; completes once it answers PONG (at most 15 s). */
  public static Future<Void> ensureUp(Vertx vertx) {
    return ping(vertx).compose(up -> up ? Future.succeededFuture() : start(vertx));
  }

  private static Future<Void> start(Vertx vertx) {
    return vertx.executeBlocking(() -> run(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
        "-::1", "--port", "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile",
        "/var/log/redis/ci.log")), false)
      .compose(output -> ApiSupport.eventually(vertx, 15_000, () -> ping(vertx))
        .recover(e -> Future.failedFuture("redis did not answer PONG after redis-server (" + output + ")")));
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>(CLI);
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a command and returns its trimmed output; {@code ""} when it cannot run or takes over 5 s. */
  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
