package dev.realtimehub.bench;

import dev.realtimehub.bench.ceiling.CeilingServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A server the bench measures: how to start it (pinned to the server core with {@code taskset}), and
 * what its clients present. The ceiling ignores the token and the API key.
 */
record Target(String name, List<String> command, Map<String, String> env, String tokenQuery, String apiKey) {

  static final String CEILING = "ceiling";
  static final String HUB = "hub";

  static Target of(String name, BenchOptions options, int port, Path out) {
    List<String> java = new ArrayList<>(List.of("taskset", "-c", options.string("server-core"), "java"));
    java.addAll(serverJvmFlags(options));
    if (options.flag("jfr")) {
      java.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + out.resolve(name + ".jfr"));
    }
    return switch (name) {
      case CEILING -> ceiling(java, port);
      case HUB -> hub(java, options, port);
      default -> throw new IllegalArgumentException("unknown target " + name + " (ceiling, hub)");
    };
  }

  private static Target ceiling(List<String> command, int port) {
    command.addAll(List.of("-cp", ownJar(), CeilingServer.class.getName(), Integer.toString(port)));
    return new Target(CEILING, command, Map.of(), "", "none");
  }

  private static Target hub(List<String> command, BenchOptions options, int port) {
    String secret = "bench-" + UUID.randomUUID() + UUID.randomUUID();
    String apiKey = "bench-" + UUID.randomUUID();
    command.addAll(List.of("-jar", options.string("hub-jar")));
    Map<String, String> env = new HashMap<>(Map.of(
      "HUB_HTTP_HOST", "127.0.0.1",
      "HUB_HTTP_PORT", Integer.toString(port),
      "HUB_JWT_SECRET", secret,
      "HUB_API_KEY", apiKey,
      "HUB_GATEWAY_INSTANCES", "1",
      "HUB_WS_MAX_SUBSCRIPTIONS", "1000",
      "HUB_API_RATE_PER_SECOND", "1000000",
      "HUB_SSE_MAX_STREAMS", "30000",
      "HUB_WEBHOOK_SECRET", options.string("webhook-secret")));
    if (!options.string("pg-url").isEmpty()) {
      env.put("HUB_PG_URL", options.string("pg-url"));
    }
    String token = options.flag("token") ? "token=" + JwtMinter.mint(secret, "bench", 3600) : "";
    return new Target(HUB, command, env, token, apiKey);
  }

  static List<String> serverJvmFlags(BenchOptions options) {
    return Arrays.stream(options.string("server-jvm").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static String ownJar() {
    try {
      return Path.of(Target.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
