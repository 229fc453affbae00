package dev.realtimehub.pusher.api;

import dev.realtimehub.support.PusherRest;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A hub with the default Pusher app, a disabled second app, and a signing client for each. */
final class PusherApiFixture {

  static final String APP_ID = "1001";
  static final String KEY = "app-key-1";
  static final String SECRET = "app-secret-0123456789";
  static final String DISABLED_ID = "1002";

  final TestHub hub;
  final PusherRest rest;
  final PusherRest disabled;

  private PusherApiFixture(TestHub hub) {
    this.hub = hub;
    this.rest = new PusherRest(hub.http(), APP_ID, KEY, SECRET);
    this.disabled = new PusherRest(hub.http(), DISABLED_ID, "app-key-2", "other-secret-0123456789");
  }

  static Future<PusherApiFixture> start(Vertx vertx, Path dir, Map<String, String> extra) {
    Path apps = dir.resolve("apps.yaml");
    try {
      Files.writeString(apps, "apps:\n  - id: \"" + DISABLED_ID + "\"\n    key: app-key-2\n"
        + "    secret: other-secret-0123456789\n    enabled: false\n");
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    Map<String, String> env = new HashMap<>(Map.of("HUB_APP_ID", APP_ID, "HUB_APP_KEY", KEY,
      "HUB_APP_SECRET", SECRET, "HUB_APPS_FILE", apps.toString(), "HUB_APP_MAX_EVENT_BYTES", "1024"));
    env.putAll(extra);
    return TestHub.start(vertx, env).map(PusherApiFixture::new);
  }

  /** A native connection and its session id (what Pusher calls the socket id). */
  record Connected(TestSocket socket, String session) {
  }

  /** A native connection of {@code user} in team 7 (anonymous when {@code null}), past its welcome frame. */
  Future<TestSocket> connect(String user) {
    return connectWithId(user).map(Connected::socket);
  }

  Future<Connected> connectWithId(String user) {
    String token = user == null ? null : hub.token(user, new JsonObject()
      .put("teams", new JsonArray().add(7)).put("name", "User " + user));
    return hub.connect(token).compose(socket -> socket.nextOfType("welcome")
      .map(welcome -> new Connected(socket, welcome.getString("session"))));
  }

  /** Subscribes and fails unless the hub answers {@code subscribed}. */
  static Future<TestSocket> subscribe(TestSocket socket, String channel) {
    return socket.subscribe(channel).compose(reply -> "subscribed".equals(reply.getString("type"))
      ? Future.succeededFuture(socket) : Future.failedFuture("subscribe " + channel + " refused: " + reply.encode()));
  }

  static JsonObject event(String name, String data, String... channels) {
    JsonObject event = new JsonObject().put("name", name).put("data", data);
    return channels.length == 1 ? event.put("channel", channels[0])
      : event.put("channels", new JsonArray(List.of((Object[]) channels)));
  }
}
