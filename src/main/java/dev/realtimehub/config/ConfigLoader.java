package dev.realtimehub.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.config.yaml.YamlProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
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
 * to the copy packaged in the jar.
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
    return read(yaml(DEFAULTS, false))
      .compose(defaults -> readOverrides(overridePath)
        .map(overrides -> merge(defaults, overrides, overridePath)))
      .compose(merged -> read(yaml(channelsFile(merged), false))
        .map(channelFile -> HubConfig.from(merged, channelFile)));
  }

  private static String channelsFile(JsonObject merged) {
    JsonObject channels = merged.getJsonObject("channels", new JsonObject());
    return String.valueOf(channels.getValue("file", "conf/channels.yaml"));
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

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions()
      .setType("file")
      .setFormat("yaml")
      .setOptional(optional)
      .setConfig(new JsonObject().put("path", path));
  }

  /**
   * The optional override file. It ships with every key commented out, which YAML reads as an empty
   * document: the file store hands the retriever {@code null} for it and the retriever fails on the merge,
   * so this file is parsed here and an empty document means no overrides.
   */
  private Future<JsonObject> readOverrides(String path) {
    FileSystem fs = vertx.fileSystem();
    return fs.exists(path)
      .compose(exists -> exists ? fs.readFile(path) : Future.succeededFuture(Buffer.buffer()))
      .compose(text -> new YamlProcessor().process(vertx, new JsonObject(), text))
      .map(overrides -> overrides == null ? new JsonObject() : overrides);
  }

  private Future<JsonObject> read(ConfigStoreOptions store) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setScanPeriod(0)
      .setIncludeDefaultStores(false)
      .addStore(store));
    return retriever.getConfig().eventually(retriever::close);
  }
}
