package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Helpers for the realtime-semantics tests (presence, typing, read receipts, recovery, notify, debounce):
 * reading a socket's frames in order up to a marker, server-side publishing and membership, metrics, and a
 * temporary copy of {@code conf/channels.yaml} with some options changed.
 */
public final class SemanticsSupport {

  private SemanticsSupport() {
  }

  /**
   * Every frame the socket receives, in order, up to and including the first that matches. Unlike
   * {@link TestSocket#request}, nothing is skipped, so a test can assert what arrived before the match.
   */
  public static Future<List<JsonObject>> until(TestSocket socket, Predicate<JsonObject> match) {
    return collect(socket, match, new ArrayList<>());
  }

  private static Future<List<JsonObject>> collect(TestSocket socket, Predicate<JsonObject> match,
                                                  List<JsonObject> frames) {
    return socket.next().compose(frame -> {
      frames.add(frame);
      return match.test(frame) ? Future.succeededFuture(frames) : collect(socket, match, frames);
    });
  }

  /** The frames before the message with event {@code marker} (the marker itself is left out). */
  public static Future<List<JsonObject>> beforeMarker(TestSocket socket, String marker) {
    return until(socket, frame -> isMessage(frame, marker))
      .map(frames -> frames.subList(0, frames.size() - 1));
  }

  public static boolean isMessage(JsonObject frame, String event) {
    return "message".equals(frame.getString("type")) && event.equals(frame.getString("event"));
  }

  /** The reply to request {@code id}, matched on the {@code id} field. */
  public static Predicate<JsonObject> reply(Object id) {
    return frame -> id.equals(frame.getValue("id"));
  }

  /** Sends a subscribe frame with {@code id}; completes with every frame up to and including its reply. */
  public static Future<List<JsonObject>> subscribe(TestSocket socket, String channel, Object id) {
    return socket.send(new JsonObject().put("type", "subscribe").put("channel", channel).put("id", id))
      .compose(v -> until(socket, reply(id)));
  }

  /**
   * Publishes one message through the server API and completes with its result ({@code channel},
   * {@code offset}, {@code epoch}); fails on any status but 200.
   */
  public static Future<JsonObject> publish(TestHub hub, String channel, String event, Object data) {
    return hub.publish(new JsonObject().put("channel", channel).put("event", event).put("data", data))
      .compose(response -> response.status() == 200
        ? Future.succeededFuture(response.json().getJsonArray("published").getJsonObject(0))
        : Future.failedFuture("publish to " + channel + ": " + response.status() + " " + response.body()));
  }

  /** Publishes {@code count} messages {@code m1..mN} (data {@code {"n": i}}) one after the other. */
  public static Future<JsonObject> publishSeries(TestHub hub, String channel, int count) {
    Future<JsonObject> chain = Future.succeededFuture();
    for (int i = 1; i <= count; i++) {
      int n = i;
      chain = chain.compose(v -> publish(hub, channel, "m" + n, new JsonObject().put("n", n)));
    }
    return chain;
  }

  /** A batch publish through {@code POST /api/publish/batch}; fails on any status but 200. */
  public static Future<JsonObject> publishBatch(TestHub hub, JsonArray messages) {
    return hub.request("POST", "/api/publish/batch", new JsonObject().put("messages", messages).encode(),
        TestHub.API_KEY)
      .compose(response -> response.status() == 200
        ? Future.succeededFuture(response.json())
        : Future.failedFuture("batch: " + response.status() + " " + response.body()));
  }

  /**
   * Publishes messages {@code first} to {@code count - 1} to {@code channel}, {@code perBatch} per batch request,
   * each with data {@code {"i": n, "pad": pad}}; fails at the first batch with a failed message.
   */
  public static Future<Void> publishNumbered(TestHub hub, String channel, int first, int count, int perBatch,
                                             String pad) {
    if (first >= count) {
      return Future.succeededFuture();
    }
    JsonArray batch = new JsonArray();
    for (int i = first; i < Math.min(count, first + perBatch); i++) {
      batch.add(new JsonObject().put("channel", channel).put("event", "big")
        .put("data", new JsonObject().put("i", i).put("pad", pad)));
    }
    return publishBatch(hub, batch)
      .compose(body -> body.getInteger("failed") == 0 ? publishNumbered(hub, channel, first + perBatch, count,
        perBatch, pad) : Future.failedFuture("batch failed: " + body.encode().substring(0, 300)));
  }

  /** Adds a membership row ({@code PUT /api/channels/{channel}/members/{userId}}); fails unless 204. */
  public static Future<Void> addMember(TestHub hub, String channel, String userId) {
    return hub.request("PUT", "/api/channels/" + channel + "/members/" + userId, null, TestHub.API_KEY)
      .compose(response -> response.status() == 204 ? Future.<Void>succeededFuture()
        : Future.failedFuture("membership " + channel + "/" + userId + ": " + response.status()));
  }

  /** A GET on the server API with the test key. */
  public static Future<TestResponse> get(TestHub hub, String uri) {
    return hub.request("GET", uri, null, TestHub.API_KEY);
  }

  /** The Prometheus text of {@code /metrics}. */
  public static Future<String> scrape(TestHub hub) {
    return hub.request("GET", "/metrics", null, null).map(response -> response.body().toString());
  }

  /**
   * A temporary copy of {@code conf/channels.yaml} in which each named type gets the given options (an
   * existing {@code key:} line of the type is replaced, a missing one added). Pass it as
   * {@code HUB_CHANNELS_FILE}. The file is deleted when the JVM exits.
   */
  public static String channelsFile(Map<String, Map<String, Object>> changes) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("conf", "channels.yaml")));
      changes.forEach((type, options) -> options.forEach((key, value) -> setOption(lines, type, key, value)));
      Path file = Files.createTempFile("channels-", ".yaml");
      file.toFile().deleteOnExit();
      Files.write(file, lines);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setOption(List<String> lines, String type, String key, Object value) {
    int start = lines.indexOf("  - name: " + type);
    if (start < 0) {
      throw new IllegalArgumentException("no type " + type + " in conf/channels.yaml");
    }
    int end = start + 1;
    while (end < lines.size() && lines.get(end).startsWith("    ")) {
      end++;
    }
    String line = "    " + key + ": " + value;
    for (int i = start + 1; i < end; i++) {
      if (lines.get(i).startsWith("    " + key + ":")) {
        lines.set(i, line);
        return;
      }
    }
    lines.add(end, line);
  }
}
