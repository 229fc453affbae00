package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Small helpers shared by the cluster tests: claims, subscriptions that must succeed, presence rosters. */
public final class ClusterSupport {

  private ClusterSupport() {
  }

  /** Claims of a user on team {@code team}, shown to others as {@code name}. */
  public static JsonObject member(int team, String name) {
    return new JsonObject().put("teams", new JsonArray().add(team)).put("name", name);
  }

  /** Waits for the welcome frame, subscribes and fails unless the hub answers {@code subscribed}. */
  public static Future<JsonObject> subscribe(TestSocket socket, JsonObject frame) {
    return socket.nextOfType("welcome")
      .compose(welcome -> socket.request(frame.copy().put("type", "subscribe")))
      .compose(reply -> "subscribed".equals(reply.getString("type")) ? Future.succeededFuture(reply)
        : Future.failedFuture("subscribe " + frame.encode() + " refused: " + reply.encode()));
  }

  public static Future<JsonObject> subscribe(TestSocket socket, String channel) {
    return subscribe(socket, new JsonObject().put("channel", channel));
  }

  /** The member ids of a {@code GET /api/channels/{name}/presence} answer, sorted. */
  public static Set<String> memberIds(TestResponse roster) {
    Set<String> ids = new TreeSet<>();
    roster.json().getJsonArray("members").forEach(member -> ids.add(((JsonObject) member).getString("id")));
    return ids;
  }

  /** The members of a presence answer as sorted encoded JSON, for comparing rosters from different nodes. */
  public static List<String> members(TestResponse roster) {
    List<String> members = new ArrayList<>();
    roster.json().getJsonArray("members").forEach(member -> members.add(((JsonObject) member).encode()));
    members.sort(String::compareTo);
    return members;
  }

  /** A message of a channel, for the publish API. */
  public static JsonObject message(String channel, String event, int n) {
    return new JsonObject().put("channel", channel).put("event", event).put("data", new JsonObject().put("n", n));
  }

  /** Reads messages until {@code expected} arrived or the connection closed. */
  public static Future<Void> collect(TestSocket socket, int expected, List<JsonObject> received) {
    if (received.size() >= expected) {
      return Future.succeededFuture();
    }
    return socket.nextOfType("message").compose(message -> {
      received.add(message);
      return collect(socket, expected, received);
    }, closed -> Future.succeededFuture());
  }

  /** {@code epoch:offset} of each message, as the publish API reports them. */
  public static List<String> positions(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getString("epoch") + ":" + m.getLong("offset")).toList();
  }

  /** Reads presence frames until every user in {@code waiting} has left; a leave of anyone else fails. */
  public static Future<Void> leaves(TestSocket socket, Set<String> waiting) {
    if (waiting.isEmpty()) {
      return Future.succeededFuture();
    }
    return socket.nextOfType("presence").compose(frame -> {
      String user = frame.getJsonObject("user").getString("id");
      if ("leave".equals(frame.getString("action")) && !waiting.remove(user)) {
        return Future.failedFuture("unexpected leave of " + user + ": " + frame.encode());
      }
      return leaves(socket, waiting);
    });
  }

  /**
   * Ends a cluster test: closes its sockets, stops its nodes, then the child processes of the test (if any) and
   * deletes the keys under its Redis prefix ({@code null} when the test never got that far).
   */
  public static void tearDown(Vertx vertx, List<TestSocket> sockets, String prefix, TestHub... nodes) {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    for (TestHub hub : nodes) {
      if (hub != null) {
        hub.close().await();
      }
    }
    if (prefix != null) {
      RedisSupport.stopNodes(vertx).await();
      RedisSupport.deleteKeys(vertx, prefix).await();
    }
  }
}
