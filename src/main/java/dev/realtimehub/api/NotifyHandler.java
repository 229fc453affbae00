package dev.realtimehub.api;

import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/notify}: one event to many users' {@code user.{id}} channels. The users are published in
 * chunks, yielding the event loop between chunks, so ten thousand recipients never stall other clients.
 */
public final class NotifyHandler {

  static final int CHUNK = 256;

  private final Vertx vertx;
  private final Hub hub;
  private final int maxUsers;
  private final int maxDataBytes;

  public NotifyHandler(Vertx vertx, Hub hub, int maxUsers, int maxDataBytes) {
    this.vertx = vertx;
    this.hub = hub;
    this.maxUsers = maxUsers;
    this.maxDataBytes = maxDataBytes;
  }

  public void notify(RoutingContext rc) {
    if (!(PublishHandler.body(rc) instanceof JsonObject body)) {
      throw HubException.unprocessable("body: expected an object");
    }
    List<ChannelName> channels = channels(body.getValue("users"));
    Object event = body.getValue("event");
    if (!(event instanceof String name) || !PublishRequest.EVENT.matcher(name).matches()) {
      throw HubException.unprocessable("event: must be 1 to 64 of A-Z a-z 0-9 _ . : -");
    }
    if (!body.containsKey("data")) {
      throw HubException.unprocessable("data: is required (any JSON value, null included)");
    }
    Object data = body.getValue("data");
    int size = Json.encode(data).getBytes(StandardCharsets.UTF_8).length;
    if (size > maxDataBytes) {
      throw HubException.of(HubErrorCode.TOO_LARGE, "data: " + size + " bytes, at most " + maxDataBytes);
    }
    long now = System.currentTimeMillis();
    int[] failed = {0};
    publishFrom(channels, 0, name, data, now, failed)
      .onSuccess(v -> Responses.json(rc, 200, new JsonObject()
        .put("users", channels.size())
        .put("published", channels.size() - failed[0])
        .put("failed", failed[0])))
      .onFailure(rc::fail);
  }

  private List<ChannelName> channels(Object value) {
    if (!(value instanceof JsonArray users) || users.isEmpty()) {
      throw HubException.unprocessable("users: a non-empty list of user ids is required");
    }
    if (users.size() > maxUsers) {
      throw HubException.unprocessable("users: at most " + maxUsers + " users per call");
    }
    Map<String, ChannelName> channels = new LinkedHashMap<>();
    for (int i = 0; i < users.size(); i++) {
      Object id = users.getValue(i);
      if (!(id instanceof String) && !(id instanceof Integer) && !(id instanceof Long)) {
        throw HubException.unprocessable("users[" + i + "]: must be a string or a whole number");
      }
      if (!channels.containsKey(id.toString())) {
        channels.put(id.toString(), userChannel(id.toString(), i));
      }
    }
    return new ArrayList<>(channels.values());
  }

  private static ChannelName userChannel(String id, int index) {
    try {
      return ChannelName.parse("user." + id);
    } catch (HubException e) {
      throw HubException.unprocessable("users[" + index + "]: not a valid user id");
    }
  }

  private Future<Void> publishFrom(List<ChannelName> channels, int from, String event, Object data, long now,
                                   int[] failed) {
    int to = Math.min(channels.size(), from + CHUNK);
    List<Future<?>> chunk = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      chunk.add(hub.publish(new Publication(channels.get(i), event, data, null, null, now), "notify")
        .onFailure(e -> failed[0]++));
    }
    return Future.join(chunk).transform(done -> {
      if (to >= channels.size()) {
        return Future.succeededFuture();
      }
      Promise<Void> next = Promise.promise();
      vertx.runOnContext(v -> publishFrom(channels, to, event, data, now, failed).onComplete(next));
      return next.future();
    });
  }
}
