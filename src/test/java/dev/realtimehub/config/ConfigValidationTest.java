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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigValidationTest {

  @TempDir
  Path dir;

  private Map<String, String> env(String... pairs) {
    return KeyedEnv.of(dir, pairs);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Loads and expects one ConfigException whose problems start with exactly {@code prefixes}, in any order. */
  private void expectProblems(Vertx vertx, VertxTestContext ctx, Map<String, String> env, String... prefixes) {
    new ConfigLoader(vertx, env, Map.of()).load().onComplete(ctx.failing(failure -> ctx.verify(() -> {
      ConfigException error = assertInstanceOf(ConfigException.class, failure);
      List<String> problems = error.problems();
      assertEquals(prefixes.length, problems.size(), problems.toString());
      for (String prefix : prefixes) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix)), prefix + " not in " + problems);
        assertTrue(error.getMessage().contains(prefix), error.getMessage());
      }
      ctx.completeNow();
    })));
  }

  @Test
  void everyInvalidValueIsListedInOneException(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_HTTP_PORT", "abc", "HUB_WS_MAX_SUBSCRIPTIONS", "0",
        "HUB_JWT_SECRET", "too-short", "HUB_ALLOWED_ORIGINS", "not-an-origin"),
      "http.port: expected a whole number, got 'abc'",
      "ws.max_subscriptions: 0 is outside 1..100000",
      "jwt.secret: must be at least 32 characters",
      "allowed_origins: 'not-an-origin' is not scheme://host[:port]");
  }

  @Test
  void changeWebhooksNeedAnHttpUrlAndASecret(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_HBH2_WEBHOOK_URL", "ftp://hbh2.test/changes", "HUB_WEBHOOK_SECRET", ""),
      "hbh2.webhook_url: expected http://… or https://…",
      "hbh2.webhook_secret: a secret of at least 16 characters (or webhook.secret) is required");
  }

  @Test
  void outOfRangePortIsRefused(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_HTTP_PORT", "65536"), "http.port: 65536 is outside 0..65535");
  }

  @Test
  void malformedBooleanIsRefused(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_WS_ALLOW_ANONYMOUS", "maybe"),
      "ws.allow_anonymous: expected true or false, got 'maybe'");
  }

  @Test
  void originsWithPathsOrOtherSchemesAreRefused(Vertx vertx, VertxTestContext ctx) {
    String origins = "https://ok.example.com,https://a.example.com/,ftp://x.test,*";
    expectProblems(vertx, ctx, env("HUB_ALLOWED_ORIGINS", origins),
      "allowed_origins: 'https://a.example.com/'", "allowed_origins: 'ftp://x.test'", "allowed_origins: '*'");
  }

  @Test
  void shortApiKeyIsRefused(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_API_KEY", "short"), "api.key/api.keys: every API key must be at least 16");
  }

  @Test
  void jwtKeyWithoutApiKeyIsRefused(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = env();
    env.remove("HUB_API_KEY");
    expectProblems(vertx, ctx, env, "api.key: an API key (HUB_API_KEY) is required");
  }

  @Test
  void noVerificationKeyWithoutDevTokenIsRefused(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = env("HUB_JWT_DEV_TOKEN", "false");
    env.remove("HUB_JWT_SECRET");
    expectProblems(vertx, ctx, env, "jwt: no verification key configured");
  }

  @Test
  void heartbeatNotShorterThanIdleTimeoutIsRefused(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_WS_HEARTBEAT_SECONDS", "60"),
      "ws.heartbeat_seconds: must be shorter than ws.idle_timeout_seconds",
      "ws.heartbeat_seconds and sse.heartbeat_seconds: must be shorter than http.idle_timeout_seconds");
  }

  @Test
  void adminPortEqualToHttpPortIsRefused(Vertx vertx, VertxTestContext ctx) {
    expectProblems(vertx, ctx, env("HUB_HTTP_PORT", "9000", "HUB_HTTP_ADMIN_PORT", "9000"),
      "http.admin_port: must differ from http.port");
  }

  @Test
  void publicKeyWithAnUnsupportedAlgorithmIsRefused(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "jwt:\n  public_keys:\n    - algorithm: HS256\n      path: k.pem\n"
      + "    - algorithm: RS256\n");
    expectProblems(vertx, ctx, env("HUB_CONFIG", file.toString()),
      "jwt.public_keys: algorithm 'HS256' is not one of", "jwt.public_keys: every key needs a path");
  }

  @Test
  void channelFileWithABadRuleIsRefusedNamingTheRule(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path channels = write("channels.yaml", "types:\n  - name: room\n    subscribe: [anyone, root]\n"
      + "  - name: lobby\n    id: none\n    subscribe: [self]\n");
    expectProblems(vertx, ctx, env("HUB_CHANNELS_FILE", channels.toString()),
      "channels.room.subscribe: 'root' is not a rule",
      "channels.lobby.subscribe: rule 'self' needs a channel id but the type takes none");
  }

  @Test
  void configProblemsAndChannelProblemsAreListedTogether(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path channels = write("channels.yaml", "types:\n  - name: Room\n");
    expectProblems(vertx, ctx, env("HUB_CHANNELS_FILE", channels.toString(), "HUB_SSE_MAX_CHANNELS", "x"),
      "sse.max_channels: expected a whole number", "channels.types[0].name: 'Room' is not a valid type name");
  }

  @Test
  void scalarWhereASectionBelongsIsReportedNotThrown(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "shutdown: 5\n");
    expectProblems(vertx, ctx, env("HUB_CONFIG", file.toString(), "HUB_HTTP_PORT", "9000"),
      "shutdown.grace_seconds: expected a whole number, got nothing");
  }

  @Test
  void scalarSectionOverriddenFromTheEnvironmentIsReportedNotThrown(Vertx vertx, VertxTestContext ctx)
    throws IOException {
    Path file = write("hub.yaml", "shutdown: 5\n");
    expectProblems(vertx, ctx, env("HUB_CONFIG", file.toString(), "HUB_SHUTDOWN_GRACE_SECONDS", "700"),
      "shutdown.grace_seconds: 700 is outside 0..600");
  }

  @Test
  void malformedConfigFileIsRefusedNamingIt(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "http:\n  port: [\n");
    expectProblems(vertx, ctx, env("HUB_CONFIG", file.toString()), file + ": ");
  }

  @Test
  void missingChannelFileIsRefusedNamingIt(Vertx vertx, VertxTestContext ctx) {
    String missing = dir.resolve("missing-channels.yaml").toString();
    expectProblems(vertx, ctx, env("HUB_CHANNELS_FILE", missing), missing + ": ");
  }

  @Test
  void malformedChannelFileIsRefusedNamingIt(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path channels = write("channels.yaml", "types: [\n");
    expectProblems(vertx, ctx, env("HUB_CHANNELS_FILE", channels.toString()), channels + ": ");
  }

  @Test
  void scalarChannelsSectionIsReportedNotThrown(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("hub.yaml", "channels: 5\n");
    expectProblems(vertx, ctx, env("HUB_CONFIG", file.toString()),
      "channels.max_data_bytes: expected a whole number, got nothing");
  }
}
