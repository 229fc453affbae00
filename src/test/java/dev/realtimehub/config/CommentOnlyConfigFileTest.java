package dev.realtimehub.config;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The override file ships with every key commented out: a YAML document holding nothing must load as
 * "no overrides", while a real override in such a file still applies.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class CommentOnlyConfigFileTest {

  @Test
  void shippedHubYamlLoadsAsDefaults(Vertx vertx, VertxTestContext ctx) {
    new ConfigLoader(vertx, Map.of("HUB_CONFIG", "conf/hub.yaml"), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(8080, config.http().port());
        assertEquals(60, config.ws().idleTimeoutSeconds());
        ctx.completeNow();
      })));
  }

  @Test
  void commentOnlyFileLoadsAsDefaults(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("hub.yaml"), "# nothing set here\n#http:\n#  port: 9999\n");
    new ConfigLoader(vertx, Map.of("HUB_CONFIG", file.toString()), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(8080, config.http().port());
        ctx.completeNow();
      })));
  }

  @Test
  void uncommentedKeyOverridesDefault(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("hub.yaml"), "# one key set\nhttp:\n  port: 9999\n");
    new ConfigLoader(vertx, Map.of("HUB_CONFIG", file.toString()), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(9999, config.http().port());
        assertEquals("0.0.0.0", config.http().host());
        ctx.completeNow();
      })));
  }
}
