package dev.realtimehub.bench;

import dev.realtimehub.bench.load.Endpoint;
import dev.realtimehub.bench.scenario.Scenario;
import dev.realtimehub.bench.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The bench entry point: {@code java -jar target/realtime-hub-bench.jar <scenario> [--option value ...]}.
 * For each target in turn (by default the bare ceiling, then the hub) it starts the server's processes on the
 * server core, drives the scenario from this process (which the caller pins to the other core), stops them,
 * and finally prints one table comparing every target with the first. Everything runs on loopback and is
 * bounded in count and time.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || Scenarios.named(args[0]).isEmpty()) {
      usage();
      System.exit(args.length == 0 ? 0 : 2);
    }
    Scenario scenario = Scenarios.named(args[0]).orElseThrow();
    BenchOptions options = BenchOptions.parse(scenario.defaults(), List.of(args).subList(1, args.length));
    if (options.strings("targets").isEmpty()) {
      throw new IllegalArgumentException("--targets names no target");
    }
    Path out = Files.createDirectories(Path.of("target", "bench"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    Map<String, List<StepResult>> results = new LinkedHashMap<>();
    Map<String, String> placements = new LinkedHashMap<>();
    try {
      for (String target : options.strings("targets")) {
        System.err.println("== " + scenario.name() + " against " + target);
        results.put(target, runAgainst(vertx, scenario, options, target, out, placements));
      }
    } finally {
      vertx.close().await();
    }
    String report = Report.render(scenario.name(), scenario.summary(), Machine.describe(), options, placements,
      results);
    System.out.println(report);
    Files.writeString(out.resolve(scenario.name() + ".md"), report);
    System.err.println("report written to " + out.resolve(scenario.name() + ".md"));
  }

  private static List<StepResult> runAgainst(Vertx vertx, Scenario scenario, BenchOptions options, String name,
                                             Path out, Map<String, String> placements) throws Exception {
    Target target = Target.of(name, options, BenchMain::freePorts, out);
    Endpoint endpoint = new Endpoint(target.ports(), target.tokenQuery(), target.apiKey(),
      sourceAddresses(options.integer("addresses")), target.pusherKey());
    OptionalLong redisPid = target.redisPrefix().isPresent()
      ? SharedRedis.localPid(vertx, options.string("redis-url"))
      : OptionalLong.empty();
    placements.put(name, target.placement() + redisPlacement(target, redisPid));
    try (ServerNodes servers = ServerNodes.start(target, out)) {
      BenchRun run = new BenchRun(vertx, options, servers, redisPid, endpoint, out.resolve(name));
      try {
        return scenario.run(run);
      } finally {
        run.closeFleets();
      }
    } finally {
      target.redisPrefix().ifPresent(prefix -> deleteRedisKeys(vertx, options.string("redis-url"), prefix));
    }
  }

  private static String redisPlacement(Target target, OptionalLong redisPid) {
    if (target.redisPrefix().isEmpty()) {
      return "";
    }
    return redisPid.isPresent()
      ? "; Redis is the machine's running server (pid " + redisPid.getAsLong() + "), not pinned by the bench (it may "
        + "run on CPUs " + SharedRedis.allowedCpus(redisPid.getAsLong()) + "), its CPU reported on its own"
      : "; Redis is not a process of this machine that the bench can see, so its CPU is not reported";
  }

  /** Runs after the nodes stopped, so that no timer of theirs writes a key again. */
  private static void deleteRedisKeys(Vertx vertx, String url, String prefix) {
    try {
      long deleted = SharedRedis.deleteKeys(vertx, url, prefix);
      System.err.printf("  deleted %,d Redis keys under %s%n", deleted, prefix);
    } catch (Exception e) {
      // Future.await() rethrows a connection failure as it came, checked or not
      System.err.printf("  could not delete the Redis keys under %s on %s (%s): SCAN MATCH '%s*' and UNLINK them%n",
        prefix, SharedRedis.display(url), e, prefix);
    }
  }

  /** 127.0.0.2 onwards: loopback addresses, so each has its own range of ephemeral ports. */
  private static List<String> sourceAddresses(int count) {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      addresses.add("127.0.0." + (2 + i));
    }
    return addresses;
  }

  /** {@code count} distinct free loopback ports: all are held open together, so none is handed out twice. */
  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port was only reserved for a moment; a failed close leaves nothing to undo
        }
      }
    }
  }

  private static void usage() {
    System.err.println("usage: src/bench/run.sh <scenario> [--option value ...]");
    System.err.println("scenarios:");
    for (Scenario scenario : Scenarios.all()) {
      System.err.printf("  %-10s %s%n             options: %s%n", scenario.name(), scenario.summary(),
        scenario.defaults());
    }
    System.err.println("common options: " + BenchOptions.COMMON);
  }
}
