package dev.realtimehub.bench;

import dev.realtimehub.bench.ceiling.CeilingServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A server the bench measures: the processes to start (each pinned to the server core with {@code taskset}),
 * what its clients present, and where it runs, as the report states it. The ceiling ignores the token and the
 * API key. A cluster target has several nodes sharing one Redis key prefix, which the bench deletes afterwards.
 */
record Target(String name, List<Node> nodes, String tokenQuery, String apiKey, String placement,
              Optional<String> redisPrefix, String pusherKey) {

  static final String CEILING = "ceiling";
  static final String HUB = "hub";
  static final String HUB_CLUSTER = "hub-cluster";
  /** The single hub node with its WebSocket clients speaking the Pusher protocol to a bench app. */
  static final String HUB_PUSHER = "hub-pusher";
  static final String PUSHER_KEY = "bench-key";

  /** One server process: its command line, its environment and the loopback port it listens on. */
  record Node(List<String> command, Map<String, String> env, int port) {
  }

  Target {
    nodes = List.copyOf(nodes);
  }

  /** The target called {@code name}, its nodes listening on ports taken from {@code freePorts(count)}. */
  static Target of(String name, BenchOptions options, IntFunction<List<Integer>> freePorts, Path out) {
    return switch (name) {
      case CEILING -> ceiling(options, freePorts.apply(1).get(0), out);
      case HUB -> hub(options, freePorts.apply(1).get(0), out);
      case HUB_CLUSTER -> hubCluster(options, freePorts.apply(options.integer("cluster-nodes")), out);
      case HUB_PUSHER -> hubPusher(options, freePorts.apply(1).get(0), out);
      default -> throw new IllegalArgumentException("unknown target " + name
        + " (ceiling, hub, hub-cluster, hub-pusher)");
    };
  }

  /** The ports of the nodes, in start order. */
  List<Integer> ports() {
    return nodes.stream().map(Node::port).toList();
  }

  private static Target ceiling(BenchOptions options, int port, Path out) {
    List<String> command = pinnedJava(options, out.resolve(CEILING + ".jfr"));
    command.addAll(List.of("-cp", ownJar(), CeilingServer.class.getName(), Integer.toString(port)));
    return new Target(CEILING, List.of(new Node(command, Map.of(), port)), "", "none",
      "one process, `taskset -c " + options.string("server-core") + "`", Optional.empty(), "");
  }

  private static Target hub(BenchOptions options, int port, Path out) {
    Credentials credentials = Credentials.fresh();
    Node node = hubNode(options, port, credentials, Map.of(), out.resolve(HUB + ".jfr"));
    return new Target(HUB, List.of(node), credentials.tokenQuery(options), credentials.apiKey(),
      "one node, `taskset -c " + options.string("server-core") + "`, in-memory broker (no Redis)", Optional.empty(), "");
  }

  /** The same node as {@code hub}, with a Pusher app: its WebSocket clients connect to {@code /app/{key}}. */
  private static Target hubPusher(BenchOptions options, int port, Path out) {
    Credentials credentials = Credentials.fresh();
    Map<String, String> app = Map.of("HUB_APP_ID", "bench", "HUB_APP_KEY", PUSHER_KEY,
      "HUB_APP_SECRET", "bench-" + UUID.randomUUID());
    Node node = hubNode(options, port, credentials, app, out.resolve(HUB_PUSHER + ".jfr"));
    return new Target(HUB_PUSHER, List.of(node), "", credentials.apiKey(), "one node, `taskset -c "
      + options.string("server-core") + "`, in-memory broker; clients speak the Pusher protocol on `/app/{key}`",
      Optional.empty(), PUSHER_KEY);
  }

  /**
   * Nodes of one cluster: the same secret and API key, one Redis database under a key prefix of this run only,
   * all pinned to the server core so that together they get what the single node gets alone.
   */
  private static Target hubCluster(BenchOptions options, List<Integer> ports, Path out) {
    Credentials credentials = Credentials.fresh();
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    Map<String, String> redis = Map.of("HUB_REDIS_URL", options.string("redis-url"), "HUB_REDIS_PREFIX", prefix);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      nodes.add(hubNode(options, ports.get(i), credentials, redis, out.resolve(HUB_CLUSTER + "-" + (i + 1) + ".jfr")));
    }
    String pinned = "`taskset -c " + options.string("server-core") + "`";
    String placement = (ports.size() == 1 ? "one node, " + pinned
      : ports.size() + " nodes, each " + pinned + " (together they get the core the single node has alone); "
        + "subscribers alternate between the nodes and every publish goes to node 1")
      + "; every message crosses Redis (" + SharedRedis.display(options.string("redis-url")) + ", key prefix `"
      + prefix + "`, deleted after the run)";
    return new Target(HUB_CLUSTER, nodes, credentials.tokenQuery(options), credentials.apiKey(), placement,
      Optional.of(prefix), "");
  }

  private static Node hubNode(BenchOptions options, int port, Credentials credentials, Map<String, String> extraEnv,
                              Path jfr) {
    List<String> command = pinnedJava(options, jfr);
    command.addAll(List.of("-jar", options.string("hub-jar")));
    // The embedded store in memory: nodes on one machine cannot share its file, and it is not on the delivery path.
    Map<String, String> env = new HashMap<>(Map.of(
      "HUB_HTTP_HOST", "127.0.0.1",
      "HUB_HTTP_PORT", Integer.toString(port),
      "HUB_JWT_SECRET", credentials.secret(),
      "HUB_API_KEY", credentials.apiKey(),
      "HUB_GATEWAY_INSTANCES", "1",
      "HUB_WS_MAX_SUBSCRIPTIONS", "1000",
      "HUB_API_RATE_PER_SECOND", "1000000",
      "HUB_SSE_MAX_STREAMS", "30000",
      "HUB_STORE_DATA_DIR", ":memory:",
      "HUB_WEBHOOK_SECRET", options.string("webhook-secret")));
    // The webhooks scenario stores into PostgreSQL; otherwise the embedded store stays in memory.
    if (!options.string("pg-url").isEmpty()) {
      env.put("HUB_PG_URL", options.string("pg-url"));
    }
    env.putAll(extraEnv);
    return new Node(command, Map.copyOf(env), port);
  }

  /** The secret and API key of one hub target, shared by all of its nodes so a token works on any of them. */
  private record Credentials(String secret, String apiKey) {

    static Credentials fresh() {
      return new Credentials("bench-" + UUID.randomUUID() + UUID.randomUUID(), "bench-" + UUID.randomUUID());
    }

    String tokenQuery(BenchOptions options) {
      return options.flag("token") ? "token=" + JwtMinter.mint(secret, "bench", 3600) : "";
    }
  }

  private static List<String> pinnedJava(BenchOptions options, Path jfr) {
    List<String> java = new ArrayList<>(List.of("taskset", "-c", options.string("server-core"), "java"));
    java.addAll(serverJvmFlags(options));
    if (options.flag("jfr")) {
      java.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    }
    return java;
  }

  private static List<String> serverJvmFlags(BenchOptions options) {
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
