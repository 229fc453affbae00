package dev.realtimehub.bench;

import dev.realtimehub.bench.load.Endpoint;
import dev.realtimehub.bench.scenario.Scenario;
import dev.realtimehub.bench.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench entry point: {@code java -jar target/realtime-hub-bench.jar <scenario> [--option value ...]}.
 * For each target (the bare ceiling, then the hub) it starts the server on the server core, drives the
 * scenario from this process (which the caller pins to the other core), stops the server, and finally
 * prints one table comparing them. Everything runs on loopback and is bounded in count and time.
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
    Path out = Files.createDirectories(Path.of("target", "bench"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Map<String, List<StepResult>> results = new LinkedHashMap<>();
    try {
      for (String target : options.strings("targets")) {
        System.err.println("== " + scenario.name() + " against " + target);
        results.put(target, runAgainst(vertx, scenario, options, target, out));
      }
    } finally {
      vertx.close().await();
    }
    String report = Report.render(scenario.name(), scenario.summary(), Machine.describe(), options, results);
    System.out.println(report);
    Files.writeString(out.resolve(scenario.name() + ".md"), report);
    System.err.println("report written to " + out.resolve(scenario.name() + ".md"));
  }

  private static List<StepResult> runAgainst(Vertx vertx, Scenario scenario, BenchOptions options, String name,
                                             Path out) throws Exception {
    int port = freePort();
    Target target = Target.of(name, options, port, out);
    Endpoint endpoint = new Endpoint(port, target.tokenQuery(), target.apiKey(),
      sourceAddresses(options.integer("addresses")));
    try (ServerProcess server = ServerProcess.start(target.command(), target.env(), port,
      out.resolve(name + ".log"))) {
      BenchRun run = new BenchRun(vertx, options, server, endpoint, out.resolve(name));
      try {
        return scenario.run(run);
      } finally {
        run.closeFleets();
      }
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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
