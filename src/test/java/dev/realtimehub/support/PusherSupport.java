package dev.realtimehub.support;

import dev.realtimehub.pusher.PusherSigner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pusher protocol clients for tests: the default app's environment, connecting to {@code /app/{key}}, the
 * signatures an app server would compute, and frame helpers. Frames are read through {@link TestSocket}.
 */
public final class PusherSupport {

  public static final String APP_ID = "app-1";
  public static final String KEY = "test-key-1";
  public static final String SECRET = "test-pusher-secret-0123456789";
  public static final PusherSigner SIGNER = new PusherSigner(KEY, SECRET);

  private PusherSupport() {
  }

  /** The default app's variables plus {@code extra}. */
  public static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_APP_ID", APP_ID);
    env.put("HUB_APP_KEY", KEY);
    env.put("HUB_APP_SECRET", SECRET);
    env.putAll(extra);
    return env;
  }

  /** A Pusher connection on the path pusher-js uses, without waiting for anything. */
  public static Future<TestSocket> open(TestHub hub, String path) {
    return hub.connect(path, Map.of());
  }

  /** A protocol 7 connection to the default app; completes with the socket once connected. */
  public static Future<TestSocket> open(TestHub hub) {
    return open(hub, "/app/" + KEY + "?protocol=7&client=js&version=8.4.0&flash=false");
  }

  /** A connected Pusher socket and the socket id the hub gave it. */
  public record Client(TestSocket socket, String id) {
  }

  /** Opens a connection and reads its socket id; the socket is added to {@code opened} for closing. */
  public static Client client(TestHub hub, List<TestSocket> opened) {
    TestSocket socket = open(hub).await();
    opened.add(socket);
    return new Client(socket, socketId(socket).await());
  }

  /** Reads {@code pusher:connection_established} and returns the socket id. */
  public static Future<String> socketId(TestSocket socket) {
    return socket.next().compose(frame -> "pusher:connection_established".equals(frame.getString("event"))
      ? Future.succeededFuture(new JsonObject(frame.getString("data")).getString("socket_id"))
      : Future.failedFuture("expected connection_established, got " + frame.encode()));
  }

  /** The next frame with this event name, skipping others. */
  public static Future<JsonObject> nextEvent(TestSocket socket, String event) {
    return socket.next(frame -> event.equals(frame.getString("event")));
  }

  public static Future<Void> send(TestSocket socket, String event, Object data) {
    return socket.send(new JsonObject().put("event", event).put("data", data));
  }

  /** {@code pusher:subscribe} with optional auth and channel data, as pusher-js sends it. */
  public static Future<Void> subscribe(TestSocket socket, String channel, String auth, String channelData) {
    JsonObject data = new JsonObject().put("channel", channel).put("auth", auth == null ? "" : auth);
    if (channelData != null) {
      data.put("channel_data", channelData);
    }
    return send(socket, "pusher:subscribe", data);
  }

  /** Subscribes and returns the first answer about that channel: succeeded, subscription_error or cache_miss. */
  public static Future<JsonObject> subscribeReply(TestSocket socket, String channel, String auth, String channelData) {
    return subscribe(socket, channel, auth, channelData)
      .compose(v -> socket.next(frame -> channel.equals(frame.getString("channel"))
        || "pusher:error".equals(frame.getString("event"))));
  }

  /** A private subscription signed with the app's secret. */
  public static Future<JsonObject> subscribePrivate(TestSocket socket, String socketId, String channel) {
    return subscribeReply(socket, channel, SIGNER.channelAuth(socketId, channel, null), null);
  }

  /** A presence subscription as user {@code userId} with {@code info}, signed with the app's secret. */
  public static Future<JsonObject> subscribePresence(TestSocket socket, String socketId, String channel,
                                                     String userId, JsonObject info) {
    String channelData = new JsonObject().put("user_id", userId).put("user_info", info).encode();
    return subscribeReply(socket, channel, SIGNER.channelAuth(socketId, channel, channelData), channelData);
  }

  /**
   * A form POST as pusher-js's auth requests make it, with a bearer token ({@code null}: none) and extra headers.
   */
  public static Future<TestResponse> authRequest(TestHub hub, String uri, String form, String token,
                                                 Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/x-www-form-urlencoded");
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    return TestResponse.send(hub.http(), "POST", uri, form, all);
  }

  /** A request without a body and with these headers (a CORS preflight, say). */
  public static Future<TestResponse> request(TestHub hub, String method, String uri, Map<String, String> headers) {
    return TestResponse.send(hub.http(), method, uri, null, headers);
  }

  /** The JSON-encoded {@code data} string of a frame, decoded. */
  public static JsonObject data(JsonObject frame) {
    return new JsonObject(frame.getString("data"));
  }
}
