package dev.realtimehub.api;

import dev.realtimehub.broker.Message;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import dev.realtimehub.history.HistoryRead;
import dev.realtimehub.history.HistoryStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What the hub knows about a channel beyond its subscribers: {@code GET /api/channels/{name}/history},
 * {@code /presence} and {@code /reads}.
 */
public final class ChannelStateHandler {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Hub hub;
  private final HistoryStore history;

  public ChannelStateHandler(Hub hub, HistoryStore history) {
    this.hub = hub;
    this.history = history;
  }

  /** {@code ?since=&epoch=&limit=}: messages after {@code since}, or the latest ones without it. */
  public void history(RoutingContext rc) {
    ChannelName channel = channel(rc);
    ChannelType type = hub.authorizer().types().typeOf(channel);
    int limit = number(rc, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT).intValue();
    String since = rc.request().getParam("since");
    if (since == null) {
      history.latest(channel.value(), limit, Hub.historyPolicy(type))
        .compose(messages -> history.position(channel.value())
          .map(top -> page(channel, messages, top.offset(), top.epoch()).put("latest", true)))
        .onSuccess(body -> Responses.json(rc, 200, body))
        .onFailure(rc::fail);
      return;
    }
    long offset = number(rc, "since", 0, 0, Long.MAX_VALUE);
    hub.history(channel, offset, rc.request().getParam("epoch"), limit)
      .onSuccess(read -> Responses.json(rc, 200, recovered(channel, read)))
      .onFailure(rc::fail);
  }

  private static JsonObject recovered(ChannelName channel, HistoryRead read) {
    return page(channel, read.messages(), read.top().offset(), read.top().epoch())
      .put("recovered", read.recovered());
  }

  private static JsonObject page(ChannelName channel, List<Message> messages, long offset, String epoch) {
    JsonArray items = new JsonArray();
    for (Message message : messages) {
      JsonObject item = new JsonObject()
        .put("event", message.publication().event())
        .put("data", message.publication().data())
        .put("offset", message.offset())
        .put("epoch", message.epoch())
        .put("ts", message.publication().ts());
      if (message.publication().publisher() != null) {
        item.put("from", message.publication().publisher());
      }
      items.add(item);
    }
    return new JsonObject().put("channel", channel.value()).put("offset", offset).put("epoch", epoch)
      .put("messages", items);
  }

  public void presence(RoutingContext rc) {
    ChannelName channel = channel(rc);
    if (!hub.authorizer().types().typeOf(channel).options().presence()) {
      throw HubException.notFound("channels of type " + channel.type() + " have no presence");
    }
    hub.signals().roster(channel.value())
      .onSuccess(roster -> {
        JsonArray members = new JsonArray();
        roster.members().forEach(member -> members.add(member.info()));
        Responses.json(rc, 200, new JsonObject().put("channel", channel.value()).put("members", members)
          .put("count", roster.count()));
      })
      .onFailure(rc::fail);
  }

  public void reads(RoutingContext rc) {
    ChannelName channel = channel(rc);
    if (!hub.authorizer().types().typeOf(channel).options().readReceipts()) {
      throw HubException.notFound("channels of type " + channel.type() + " have no read receipts");
    }
    hub.signals().reads(channel.value())
      .onSuccess(reads -> Responses.json(rc, 200, new JsonObject().put("channel", channel.value())
        .put("reads", new JsonObject(new LinkedHashMap<>(reads)))))
      .onFailure(rc::fail);
  }

  private ChannelName channel(RoutingContext rc) {
    ChannelName channel = ChannelName.parse(rc.pathParam("name"));
    hub.authorizer().types().typeOf(channel);
    return channel;
  }

  private static Long number(RoutingContext rc, String name, long fallback, long min, long max) {
    String value = rc.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    if (!value.matches("\\d{1,18}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
      throw HubException.badRequest(name + ": a whole number from " + min + " to " + max);
    }
    return Long.parseLong(value);
  }
}
