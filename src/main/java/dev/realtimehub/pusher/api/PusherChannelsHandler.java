package dev.realtimehub.pusher.api;

import dev.realtimehub.broker.Message;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.core.ChannelDirectory;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import dev.realtimehub.history.HistoryStore;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /apps/{id}/channels}, {@code GET channels/{name}}, {@code GET channels/{name}/users} and
 * {@code POST users/{id}/terminate_connections}. Channels are listed under the names Pusher clients know them by
 * ({@link PusherChannel#canonicalName}) and counted across the hub; any Pusher name of a hub channel
 * ({@code team.7}, {@code private-team.7}, {@code presence-team.7}) reads the same channel.
 */
final class PusherChannelsHandler {

  static final int MAX_LIST = 1000;
  static final String PRESENCE = "presence-";
  static final String PRIVATE = "private-";

  private final Hub hub;
  private final HistoryStore history;
  private final ChannelInfo info;

  PusherChannelsHandler(Hub hub, HistoryStore history, ChannelInfo info) {
    this.hub = hub;
    this.history = history;
    this.info = info;
  }

  private ChannelTypes types() {
    return hub.authorizer().types();
  }

  void list(RoutingContext rc) {
    String prefix = rc.request().getParam("filter_by_prefix", "");
    if (prefix.length() > PusherChannel.MAX_NAME_LENGTH) {
      throw HubException.badRequest("filter_by_prefix: at most " + PusherChannel.MAX_NAME_LENGTH + " characters");
    }
    Set<String> asked = PusherEvent.info(rc.request().getParam("info"), "", PusherEvent.INFO);
    if (asked.contains("user_count") && !prefix.startsWith(PRESENCE)) {
      throw HubException.badRequest("info: user_count requires filter_by_prefix to start with presence-");
    }
    hub.counts().occupied(hubPrefix(prefix), Integer.MAX_VALUE)
      .compose(occupied -> describe(occupied, prefix, asked))
      .onSuccess(channels -> PusherApiRoutes.json(rc, new JsonObject().put("channels", channels)))
      .onFailure(rc::fail);
  }

  /** The hub-name prefix that finds every channel whose Pusher name may start with {@code prefix}. */
  static String hubPrefix(String prefix) {
    for (String kind : List.of(PRESENCE, PRIVATE)) {
      if (prefix.startsWith(kind)) {
        return prefix.substring(kind.length());
      }
      if (kind.startsWith(prefix)) {
        return "";
      }
    }
    return prefix;
  }

  private Future<JsonObject> describe(List<ChannelDirectory.Occupancy> occupied, String prefix, Set<String> asked) {
    Map<String, Future<JsonObject>> found = new LinkedHashMap<>();
    for (ChannelDirectory.Occupancy occupancy : occupied) {
      ChannelName channel;
      String name;
      try {
        channel = ChannelName.parse(occupancy.channel());
        name = PusherChannel.canonicalName(channel, types());
      } catch (HubException e) {
        continue;
      }
      if (name.startsWith(prefix) && found.size() < MAX_LIST) {
        found.put(name, info.attributes(channel, asked, false));
      }
    }
    return Future.all(new ArrayList<>(found.values())).map(all -> {
      JsonObject channels = new JsonObject();
      found.forEach((name, attributes) -> channels.put(name, attributes.result()));
      return channels;
    });
  }

  void show(RoutingContext rc) {
    ChannelName channel = PusherEvent.channel(rc.pathParam("name"), "channel", types()).hub();
    Set<String> asked = PusherEvent.info(rc.request().getParam("info"), "", PusherEvent.CHANNEL_INFO);
    boolean cache = asked.contains("cache");
    info.attributes(channel, asked, true)
      .compose(attributes -> hub.counts().subscriptions(channel.value())
        .map(count -> new JsonObject().put("occupied", count > 0).mergeIn(attributes)))
      .compose(body -> cache ? lastEvent(channel).map(last -> last == null ? body : body.put("cache", last))
        : Future.succeededFuture(body))
      .onSuccess(body -> PusherApiRoutes.json(rc, body))
      .onFailure(rc::fail);
  }

  /** The channel's last message as a cache channel would replay it: {@code {data, ttl}}, or {@code null}. */
  private Future<JsonObject> lastEvent(ChannelName channel) {
    ChannelType type = types().typeOf(channel);
    return history.latest(channel.value(), 1, Hub.historyPolicy(type)).map(messages -> {
      if (messages.isEmpty()) {
        return null;
      }
      Message last = messages.get(messages.size() - 1);
      Object data = last.publication().data();
      long ageSeconds = Math.max(0, (System.currentTimeMillis() - last.publication().ts()) / 1000);
      return new JsonObject()
        .put("data", data instanceof String text ? text : Json.encode(data))
        .put("ttl", Math.max(0, type.options().historyTtlSeconds() - ageSeconds));
    });
  }

  void users(RoutingContext rc) {
    ChannelName channel = PusherEvent.channel(rc.pathParam("name"), "channel", types()).hub();
    if (!info.hasPresence(channel)) {
      throw HubException.badRequest("users are only available for presence channels");
    }
    hub.signals().roster(channel.value())
      .onSuccess(roster -> {
        JsonArray users = new JsonArray();
        roster.members().forEach(member -> users.add(new JsonObject().put("id", member.id())));
        PusherApiRoutes.json(rc, new JsonObject().put("users", users));
      })
      .onFailure(rc::fail);
  }

  void terminate(RoutingContext rc) {
    String userId = rc.pathParam("userId");
    if (userId == null || userId.isEmpty() || userId.length() > 128) {
      throw HubException.badRequest("user id: 1 to 128 characters");
    }
    hub.terminateUser(userId)
      .onSuccess(v -> PusherApiRoutes.json(rc, new JsonObject()))
      .onFailure(rc::fail);
  }
}
