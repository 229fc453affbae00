package dev.realtimehub.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.realtimehub.channel.ChannelType;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigLoaderTest {

  static final String SECRET = "loader-test-secret-0123456789-abcdef";
  static final String API_KEY = "loader-test-api-key-0123";

  @TempDir
  Path dir;

  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger loaderLog = (Logger) LoggerFactory.getLogger(ConfigLoader.class);

  @BeforeEach
  void captureWarnings() {
    warnings.start();
    loaderLog.addAppender(warnings);
  }

  @AfterEach
  void releaseWarnings() {
    loaderLog.detachAppender(warnings);
    warnings.stop();
  }

  /** An environment that ignores any conf/hub.yaml in the working directory. */
  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_CONFIG", dir.resolve("absent.yaml").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private List<String> warningMessages() {
    return warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void defaultsLoadIntoAValidConfigWithEighteenChannelTypes(Vertx vertx, VertxTestContext ctx) {
    new ConfigLoader(vertx, env(), Map.of()).load().onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(8080, config.http().port());
      assertEquals("0.0.0.0", config.http().host());
      assertEquals(100, config.ws().maxSubscriptions());
      assertEquals(List.of(), config.allowedOrigins());
      assertTrue(config.jwt().hasNoKeys());
      assertTrue(config.jwt().devToken());
      assertEquals(18, config.channels().types().all().size());
      assertTrue(config.channels().types().all().stream().map(ChannelType::name).anyMatch("public"::equals));
      assertEquals(List.of(), warningMessages());
      ctx.completeNow();
    })));
  }

  @Test
  void environmentVariablesOverrideDefaults(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = env("HUB_HTTP_PORT", "9090", "HUB_JWT_SECRET", SECRET, "HUB_API_KEY", API_KEY,
      "HUB_ALLOWED_ORIGINS", "https://app.example.com, https://*.example.org,http://localhost:3000",
      "HUB_WS_MAX_SUBSCRIPTIONS", "5", "HUB_WS_ALLOW_ANONYMOUS", "false");
    new ConfigLoader(vertx, env, Map.of()).load().onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(9090, config.http().port());
      assertEquals(SECRET, config.jwt().secret());
      assertFalse(config.jwt().hasNoKeys());
      assertEquals(List.of(API_KEY), config.api().keys());
      assertEquals(List.of("https://app.example.com", "https://*.example.org", "http://localhost:3000"),
        config.allowedOrigins());
      assertEquals(5, config.ws().maxSubscriptions());
      assertFalse(config.ws().allowAnonymous());
      ctx.completeNow();
    })));
  }

  @Test
  void systemPropertiesWinOverEnvironmentVariables(Vertx vertx, VertxTestContext ctx) {
    new ConfigLoader(vertx, env("HUB_HTTP_PORT", "9090"), Map.of("hub.http.port", "7000")).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(7000, config.http().port());
        ctx.completeNow();
      })));
  }

  @Test
  void configFileOverridesDefaultsAndItsUnknownKeysAreOnlyWarned(Vertx vertx, VertxTestContext ctx)
    throws IOException {
    Path file = write("hub.yaml", "http:\n  port: 7070\nws:\n  max_subscriptions: 7\n  max_subscriptons: 9\n"
      + "redis:\n  host: localhost\n");
    new ConfigLoader(vertx, env("HUB_CONFIG", file.toString()), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(7070, config.http().port());
        assertEquals(7, config.ws().maxSubscriptions());
        assertEquals(List.of("unknown configuration key 'ws.max_subscriptons' in " + file + " is ignored",
          "unknown configuration key 'redis.host' in " + file + " is ignored"), warningMessages());
        ctx.completeNow();
      })));
  }

  @Test
  void environmentVariablesWinOverTheConfigFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "http:\n  port: 7070\n  admin_port: 7071\n");
    new ConfigLoader(vertx, env("HUB_CONFIG", file.toString(), "HUB_HTTP_PORT", "6060"), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(6060, config.http().port());
        assertEquals(7071, config.http().adminPort());
        ctx.completeNow();
      })));
  }

  @Test
  void unknownHubVariableIsWarnedAndIgnored(Vertx vertx, VertxTestContext ctx) {
    new ConfigLoader(vertx, env("HUB_HTTP_PROT", "1", "HOME", "/root"), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(8080, config.http().port());
        assertEquals(List.of("unknown environment variable HUB_HTTP_PROT is ignored"), warningMessages());
        ctx.completeNow();
      })));
  }

  @Test
  void channelsFileNamedByTheEnvironmentIsUsed(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path channels = write("channels.yaml", "types:\n  - name: room\n    id: optional\n    subscribe: [anyone]\n");
    new ConfigLoader(vertx, env("HUB_CHANNELS_FILE", channels.toString()), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(List.of("room"), config.channels().types().all().stream().map(ChannelType::name).toList());
        assertEquals(channels.toString(), config.channels().file());
        ctx.completeNow();
      })));
  }

  @Test
  void configFileWithOnlyCommentsLeavesTheDefaults(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "# every key is documented here\n# http:\n#   port: 8080\n");
    new ConfigLoader(vertx, env("HUB_CONFIG", file.toString()), Map.of()).load()
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(8080, config.http().port());
        assertEquals(List.of(), warningMessages());
        ctx.completeNow();
      })));
  }

  @Test
  void featuresFileNamedByTheEnvironmentIsUsedAndABadOneFailsTheStart(Vertx vertx, VertxTestContext ctx)
    throws IOException {
    Path good = write("features.yaml", "features:\n  - name: quick_quotes\n    courses: [quotes-101]\n");
    Path bad = write("bad-features.yaml", "features:\n  - name: loop\n    features: [loop]\n  - name: empty\n");
    new ConfigLoader(vertx, env("HUB_FEATURES_FILE", good.toString()), Map.of()).load()
      .onSuccess(config -> ctx.verify(() -> {
        assertEquals("quotes-101", config.features().rules().rule("quick_quotes").courses().get(0));
        assertEquals(good.toString(), config.features().file());
      }))
      .compose(config -> new ConfigLoader(vertx, env("HUB_FEATURES_FILE", bad.toString()), Map.of()).load())
      .onComplete(ctx.failing(failure -> ctx.verify(() -> {
        assertTrue(failure instanceof ConfigException, failure.toString());
        assertTrue(failure.getMessage().contains("'loop' requires itself"), failure.getMessage());
        assertTrue(failure.getMessage().contains("feature 'empty' needs at least one"), failure.getMessage());
        ctx.completeNow();
      })));
  }
}
