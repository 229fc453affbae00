package dev.realtimehub.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.config.yaml.YamlProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration once at start: classpath {@code hub-defaults.yaml}, then {@code conf/hub.yaml}
 * (or the file named by {@code HUB_CONFIG}) when present, then {@code HUB_*} environment variables, then
 * {@code -Dhub.*} system properties. The channel types come from {@code channels.file}, which falls back
 * to the copy packaged in the jar; so do the feature rules of {@code features.file}. Extra Pusher apps come
 * from {@code apps.file} when it exists.
 */
public final class ConfigLoader {

  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
  static final String DEFAULTS = "hub-defaults.yaml";

  private final Vertx vertx;
  private final Map<String, String> env;
  private final Map<String, String> properties;

  public ConfigLoader(Vertx vertx, Map<String, String> env, Map<String, String> properties) {
    this.vertx = vertx;
    this.env = env;
    this.properties = properties;
  }

  /** Loads from the process environment and system properties. */
  public static ConfigLoader fromProcess(Vertx vertx) {
    Map<String, String> props = new HashMap<>();
    System.getProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
    return new ConfigLoader(vertx, System.getenv(), props);
  }

  public Future<HubConfig> load() {
    String overridePath = env.getOrDefault("HUB_CONFIG", "conf/hub.yaml");
    return read(yaml(DEFAULTS))
      .compose(defaults -> readOptional(overridePath)
        .map(overrides -> merge(defaults, overrides, overridePath)))
      .compose(merged -> readFile(channelsFile(merged))
        .compose(channelFile -> readFile(featuresFile(merged))
          .compose(featureFile -> readOptional(appsFile(merged))
            .map(appsFile -> HubConfig.from(merged, channelFile, featureFile, appsFile)))));
  }

  private static String featuresFile(JsonObject merged) {
    Object features = merged.getValue("features");
    Object file = features instanceof JsonObject section ? section.getValue("file") : null;
    return file == null ? "conf/features.yaml" : String.valueOf(file);
  }

  private static String channelsFile(JsonObject merged) {
    Object channels = merged.getValue("channels");
    Object file = channels instanceof JsonObject section ? section.getValue("file") : null;
    return file == null ? "conf/channels.yaml" : String.valueOf(file);
  }

  private static String appsFile(JsonObject merged) {
    Object apps = merged.getValue("apps");
    Object file = apps instanceof JsonObject section ? section.getValue("file") : null;
    return file == null ? "conf/apps.yaml" : String.valueOf(file);
  }

  /** The override file is optional only while absent: an optional store would swallow its parse errors. */
  private Future<JsonObject> readOptional(String path) {
    return vertx.fileSystem().exists(path)
      .compose(exists -> exists ? readFile(path) : Future.succeededFuture(new JsonObject()));
  }

  /** Reads a YAML file (on disk, else on the classpath); a file with no document, only comments, is empty. */
  private Future<JsonObject> readFile(String path) {
    return vertx.fileSystem().readFile(path)
      .compose(bytes -> new YamlProcessor().process(vertx, null, bytes))
      .map(tree -> tree == null ? new JsonObject() : tree)
      .recover(failure -> Future.failedFuture(new ConfigException(List.of(path + ": " + describe(failure)))));
  }

  private static String describe(Throwable failure) {
    return failure.getCause() != null ? failure.getMessage() + ": " + failure.getCause().getMessage()
      : failure.getMessage();
  }

  private JsonObject merge(JsonObject defaults, JsonObject overrides, String overridePath) {
    List<String> known = EnvOverrides.keyPaths(defaults);
    EnvOverrides.unknownKeys(overrides, known)
      .forEach(key -> log.warn("unknown configuration key '{}' in {} is ignored", key, overridePath));
    JsonObject merged = defaults.copy().mergeIn(overrides, true);
    EnvOverrides.apply(merged, known, env, properties)
      .forEach(name -> log.warn("unknown environment variable {} is ignored", name));
    return merged;
  }

  private static ConfigStoreOptions yaml(String path) {
    return new ConfigStoreOptions()
      .setType("file")
      .setFormat("yaml")
      .setConfig(new JsonObject().put("path", path));
  }

  private Future<JsonObject> read(ConfigStoreOptions store) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setScanPeriod(0)
      .setIncludeDefaultStores(false)
      .addStore(store));
    return retriever.getConfig().eventually(retriever::close);
  }
}
