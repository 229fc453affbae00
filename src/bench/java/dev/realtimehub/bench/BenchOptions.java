package dev.realtimehub.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --name value} flags over a scenario's defaults. Unknown names are refused so that a typo never
 * runs a different benchmark than the one asked for.
 */
public final class BenchOptions {

  /** Flags every scenario understands, with their defaults. */
  static final Map<String, String> COMMON = Map.ofEntries(
    Map.entry("targets", "ceiling,hub"),
    Map.entry("addresses", "8"),
    Map.entry("concurrency", "200"),
    Map.entry("warmup", "45"),
    Map.entry("server-core", "0"),
    Map.entry("server-jvm", "-Xms1g -Xmx1g -XX:+UseG1GC"),
    Map.entry("hub-jar", "target/realtime-hub.jar"),
    Map.entry("cluster-nodes", "2"),
    Map.entry("redis-url", "redis://127.0.0.1:6379/2"),
    Map.entry("token", "true"),
    Map.entry("jfr", "false"),
    Map.entry("class-histogram", "false"),
    Map.entry("pg-url", ""),
    Map.entry("webhook-secret", "bench-webhook-secret-0123456789"));

  private final Map<String, String> values;

  private BenchOptions(Map<String, String> values) {
    this.values = values;
  }

  static BenchOptions parse(Map<String, String> defaults, List<String> args) {
    Map<String, String> values = new LinkedHashMap<>(new TreeMap<>(defaults));
    new TreeMap<>(COMMON).forEach(values::putIfAbsent);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("expected --name value, got " + arg);
      }
      String name = arg.substring(2);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name + " (known: " + values.keySet() + ")");
      }
      values.put(name, args.get(++i));
    }
    return new BenchOptions(values);
  }

  public String string(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no option " + name);
    }
    return value;
  }

  public int integer(String name) {
    return Integer.parseInt(string(name));
  }

  public double decimal(String name) {
    return Double.parseDouble(string(name));
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(string(name));
  }

  public List<Double> decimals(String name) {
    String value = string(name);
    return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(Double::parseDouble).toList();
  }

  public List<String> strings(String name) {
    return Arrays.stream(string(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Every option with its value, for the report; the Redis URL without its credentials. */
  Map<String, String> all() {
    Map<String, String> shown = new LinkedHashMap<>(values);
    shown.computeIfPresent("redis-url", (name, url) -> SharedRedis.display(url));
    return shown;
  }
}
