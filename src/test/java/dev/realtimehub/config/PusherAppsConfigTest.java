package dev.realtimehub.config;

import io.vertx.core.Vertx;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default Pusher app from HUB_APP_*, more apps from apps.file, and what is refused. */
@ExtendWith(VertxExtension.class)
class PusherAppsConfigTest {

  @TempDir
  Path dir;

  private Map<String, String> env(String... pairs) {
    return KeyedEnv.of(dir, pairs);
  }

  @Test
  void noAppWithoutAKey(Vertx vertx, VertxTestContext ctx) {
    new ConfigLoader(vertx, env(), Map.of()).load().onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(List.of(), config.pusher().apps());
      ctx.completeNow();
    })));
  }

  @Test
  void defaultAppFromTheEnvironmentAndMoreFromTheAppsFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path apps = Files.writeString(dir.resolve("apps.yaml"), """
      apps:
        - id: "2"
          key: omnibiz-key
          secret: omnibiz-secret-0123456789
          client_events: false
          webhook_url: http://127.0.0.1:9/hooks
      """);
    new ConfigLoader(vertx, env("HUB_APP_ID", "1", "HUB_APP_KEY", "portal-key", "HUB_APP_SECRET",
      "portal-secret-0123456789", "HUB_APP_MAX_EVENT_BYTES", "20000", "HUB_APP_WEBHOOK_URL", "http://127.0.0.1:8/h",
      "HUB_APPS_FILE", apps.toString()), Map.of()).load().onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        List<PusherSettings.App> list = config.pusher().apps();
        assertEquals(2, list.size());
        PusherSettings.App portal = list.get(0);
        assertEquals("1", portal.id());
        assertEquals("portal-key", portal.key());
        assertTrue(portal.clientEvents());
        assertEquals(20000, portal.maxEventBytes());
        PusherSettings.App omnibiz = list.get(1);
        assertEquals("omnibiz-key", omnibiz.key());
        assertFalse(omnibiz.clientEvents());
        assertEquals(20000, omnibiz.maxEventBytes(), "limits not set by an app come from the app section");
        assertEquals("http://127.0.0.1:9/hooks", omnibiz.webhookUrl());
        assertFalse(omnibiz.toString().contains("secret"), "an app's string form must not carry its secret");
        ctx.completeNow();
      })));
  }

  @Test
  void badAppsAreRefusedNamingEveryProblem(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path apps = Files.writeString(dir.resolve("apps.yaml"), """
      apps:
        - id: "1"
          key: portal-key
          secret: another-secret-0123456789
        - id: "3"
          key: "bad key"
          secret: short
      """);
    new ConfigLoader(vertx, env("HUB_APP_ID", "1", "HUB_APP_KEY", "portal-key", "HUB_APP_SECRET", "short",
      "HUB_APPS_FILE", apps.toString()), Map.of()).load().onComplete(ctx.failing(failure -> ctx.verify(() -> {
        List<String> problems = assertInstanceOf(ConfigException.class, failure).problems();
        assertTrue(problems.contains("app.secret: required, at least 16 characters"), problems.toString());
        assertTrue(problems.contains("apps.file: apps[1]: app.key: required, 1-64 letters, digits, '-' or '_'"),
          problems.toString());
        assertTrue(problems.contains("apps.file: apps[1]: app.secret: required, at least 16 characters"),
          problems.toString());
        assertTrue(problems.contains("apps: app id '1' is used twice"), problems.toString());
        assertTrue(problems.contains("apps: app key 'portal-key' is used twice"), problems.toString());
        assertEquals(5, problems.size(), problems.toString());
        assertFalse(problems.toString().contains("another-secret"), "problems must not quote secrets");
        ctx.completeNow();
      })));
  }
}
