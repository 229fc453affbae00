package dev.realtimehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvOverridesTest {

  private static JsonObject defaults() {
    return new JsonObject()
      .put("http", new JsonObject().put("port", 8080).put("admin_port", 0))
      .put("allowed_origins", new JsonArray())
      .put("jwt", new JsonObject().put("secret", "").put("public_keys", new JsonArray()))
      .put("sync", new JsonObject().put("worker_pool_size", 4));
  }

  private static final List<String> KNOWN = EnvOverrides.keyPaths(defaults());

  @Test
  void envNameIsDerivedFromTheKeyPath() {
    assertEquals("HUB_HTTP_PORT", EnvOverrides.envName("http.port"));
    assertEquals("HUB_SYNC_WORKER_POOL_SIZE", EnvOverrides.envName("sync.worker_pool_size"));
    assertEquals("HUB_ALLOWED_ORIGINS", EnvOverrides.envName("allowed_origins"));
    assertEquals("HUB_WS_MAX_FRAME_BYTES", EnvOverrides.envName("ws.max_frame_bytes"));
  }

  @Test
  void keyPathsListEveryLeafAndTreatListsAsLeaves() {
    assertEquals(List.of("http.port", "http.admin_port", "allowed_origins", "jwt.secret", "jwt.public_keys",
      "sync.worker_pool_size"), KNOWN);
  }

  @Test
  void knownVariablesSetTheirKeys() {
    JsonObject config = defaults();
    List<String> unknown = EnvOverrides.apply(config, KNOWN,
      Map.of("HUB_HTTP_PORT", "9090", "HUB_SYNC_WORKER_POOL_SIZE", "8", "HUB_ALLOWED_ORIGINS", "https://a.test"),
      Map.of());
    assertEquals(List.of(), unknown);
    assertEquals("9090", config.getJsonObject("http").getValue("port"));
    assertEquals(0, config.getJsonObject("http").getValue("admin_port"));
    assertEquals("8", config.getJsonObject("sync").getValue("worker_pool_size"));
    assertEquals("https://a.test", config.getValue("allowed_origins"));
  }

  @Test
  void unknownHubVariablesAreReportedSortedAndNotApplied() {
    JsonObject config = defaults();
    List<String> unknown = EnvOverrides.apply(config, KNOWN,
      Map.of("HUB_HTTP_PROT", "1", "HUB_ZZZ", "1", "HUB_HTTP", "1", "HUB_JWT_SECRET", "s"), Map.of());
    assertEquals(List.of("HUB_HTTP", "HUB_HTTP_PROT", "HUB_ZZZ"), unknown);
    assertEquals(defaults().put("jwt", new JsonObject().put("secret", "s").put("public_keys", new JsonArray())),
      config);
  }

  @Test
  void reservedAndForeignVariablesAreIgnored() {
    JsonObject config = defaults();
    List<String> unknown = EnvOverrides.apply(config, KNOWN,
      Map.of("HUB_CONFIG", "/tmp/x.yaml", "HUB_IT_REQUIRE", "1", "PATH", "/bin", "hub_http_port", "1", "HTTP_PORT",
        "1"), Map.of());
    assertEquals(List.of(), unknown);
    assertEquals(defaults(), config);
  }

  @Test
  void systemPropertiesWinOverEnvironmentVariables() {
    JsonObject config = defaults();
    EnvOverrides.apply(config, KNOWN, Map.of("HUB_HTTP_PORT", "9090", "HUB_HTTP_ADMIN_PORT", "9091"),
      Map.of("hub.http.port", "7070"));
    assertEquals("7070", config.getJsonObject("http").getValue("port"));
    assertEquals("9091", config.getJsonObject("http").getValue("admin_port"));
  }

  @Test
  void onlyHubPrefixedPropertiesOfKnownKeysApply() {
    JsonObject config = defaults();
    List<String> unknown = EnvOverrides.apply(config, KNOWN, Map.of(),
      Map.of("http.port", "1", "hub.http.prot", "2", "hub.http", "3", "java.version", "17"));
    assertEquals(List.of(), unknown);
    assertEquals(defaults(), config);
  }

  @Test
  void overrideCreatesAMissingSection() {
    JsonObject config = new JsonObject();
    EnvOverrides.apply(config, KNOWN, Map.of("HUB_SYNC_WORKER_POOL_SIZE", "2"), Map.of());
    assertEquals("2", config.getJsonObject("sync").getValue("worker_pool_size"));
  }

  @Test
  void overrideReplacesAScalarWhereASectionBelongs() {
    JsonObject config = defaults().put("http", 8080);
    EnvOverrides.apply(config, KNOWN, Map.of("HUB_HTTP_PORT", "9090"), Map.of());
    assertEquals("9090", config.getJsonObject("http").getValue("port"));
  }

  @Test
  void unknownKeysNameEveryUnknownLeaf() {
    JsonObject yaml = new JsonObject()
      .put("http", new JsonObject().put("prot", 1).put("port", 1))
      .put("redis", new JsonObject().put("host", "x"))
      .put("allowed_origins", new JsonArray().add("https://a.test"))
      .put("jwt", new JsonObject().put("public_keys", new JsonArray().add(new JsonObject().put("path", "k.pem"))));
    assertEquals(List.of("http.prot", "redis.host"), EnvOverrides.unknownKeys(yaml, KNOWN));
  }

  @Test
  void scalarWhereASectionBelongsIsAnUnknownKey() {
    JsonObject yaml = new JsonObject().put("http", 8080);
    assertEquals(List.of("http"), EnvOverrides.unknownKeys(yaml, KNOWN));
  }

  @Test
  void yamlTreeOfKnownKeysHasNoUnknownKeys() {
    assertEquals(List.of(), EnvOverrides.unknownKeys(defaults(), KNOWN));
    assertEquals(List.of(), EnvOverrides.unknownKeys(new JsonObject(), KNOWN));
  }

  @Test
  void everyKeyOfTheShippedDefaultsHasADistinctVariableName() {
    List<String> paths = EnvOverrides.keyPaths(shippedDefaults());
    Map<String, String> seen = new LinkedHashMap<>();
    for (String path : paths) {
      assertNull(seen.put(EnvOverrides.envName(path), path), path);
    }
    assertTrue(seen.containsKey("HUB_HTTP_PORT"));
    assertTrue(seen.containsKey("HUB_JWT_SECRET"));
    assertTrue(seen.containsKey("HUB_API_KEY"));
    assertTrue(seen.containsKey("HUB_ALLOWED_ORIGINS"));
  }

  private static JsonObject shippedDefaults() {
    try (InputStream in = EnvOverridesTest.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS)) {
      assertNotNull(in, ConfigLoader.DEFAULTS + " is not on the classpath");
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new JsonObject(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
