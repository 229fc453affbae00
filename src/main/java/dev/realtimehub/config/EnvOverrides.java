package dev.realtimehub.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps environment variables and system properties onto key paths. A variable's name is derived from
 * the key path ({@code http.port} becomes {@code HUB_HTTP_PORT}, {@code ws.max_frame_bytes} becomes
 * {@code HUB_WS_MAX_FRAME_BYTES}); a system property is the key path behind {@code hub.}. Only keys that
 * exist in the defaults can be set this way, so every unknown {@code HUB_*} name is reported.
 */
public final class EnvOverrides {

  static final String ENV_PREFIX = "HUB_";
  static final String PROPERTY_PREFIX = "hub.";
  /** Variables that name something other than a key path (the config file itself). */
  static final List<String> RESERVED = List.of("HUB_CONFIG", "HUB_IT_REQUIRE");

  private EnvOverrides() {
  }

  /** Every leaf key path of a tree; lists count as leaves. */
  public static List<String> keyPaths(JsonObject tree) {
    List<String> paths = new ArrayList<>();
    collect("", tree, paths);
    return paths;
  }

  private static void collect(String prefix, JsonObject tree, List<String> paths) {
    for (Map.Entry<String, Object> entry : tree) {
      String path = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject child) {
        collect(path + ".", child, paths);
      } else {
        paths.add(path);
      }
    }
  }

  public static String envName(String keyPath) {
    return ENV_PREFIX + keyPath.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Writes the overrides found in {@code env} and {@code properties} into {@code config} (properties win)
   * and returns the names of {@code HUB_*} variables that match no key.
   */
  public static List<String> apply(JsonObject config, List<String> knownPaths, Map<String, String> env,
                                   Map<String, String> properties) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    knownPaths.forEach(path -> byEnvName.put(envName(path), path));
    List<String> unknown = new ArrayList<>();
    env.forEach((name, value) -> {
      if (!name.startsWith(ENV_PREFIX) || RESERVED.contains(name)) {
        return;
      }
      String path = byEnvName.get(name);
      if (path == null) {
        unknown.add(name);
      } else {
        put(config, path, value);
      }
    });
    properties.forEach((name, value) -> {
      if (name.startsWith(PROPERTY_PREFIX) && knownPaths.contains(name.substring(PROPERTY_PREFIX.length()))) {
        put(config, name.substring(PROPERTY_PREFIX.length()), value);
      }
    });
    unknown.sort(null);
    return unknown;
  }

  /** Key paths present in {@code config} but not among {@code knownPaths} (typos in YAML files). */
  public static List<String> unknownKeys(JsonObject config, List<String> knownPaths) {
    List<String> unknown = new ArrayList<>(keyPaths(config));
    unknown.removeAll(knownPaths);
    return unknown;
  }

  private static void put(JsonObject config, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getValue(parts[i]) instanceof JsonObject section ? section : null;
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
