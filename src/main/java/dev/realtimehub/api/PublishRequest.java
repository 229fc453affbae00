package dev.realtimehub.api;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One validated publish request of the server API: {@code {"channel"|"channels", "event", "data",
 * "exclude", "key"}}: {@code key} is the coalescing key on debounced channel types (the event name by
 * default). Validation errors name the offending field.
 */
record PublishRequest(List<ChannelName> channels, String event, Object data, String exclude, String key) {

  static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  record Limits(ChannelTypes types, int maxChannels, int maxDataBytes) {
  }

  static PublishRequest parse(Object value, String at, Limits limits) {
    if (!(value instanceof JsonObject json)) {
      throw HubException.unprocessable((at.isEmpty() ? "body" : at.substring(0, at.length() - 1))
        + ": expected an object");
    }
    List<ChannelName> channels = channels(json, at, limits);
    Object event = json.getValue("event");
    if (!(event instanceof String name) || !EVENT.matcher(name).matches()) {
      throw HubException.unprocessable(at + "event: must be 1 to 64 of A-Z a-z 0-9 _ . : -");
    }
    if (!json.containsKey("data")) {
      throw HubException.unprocessable(at + "data: is required (any JSON value, null included)");
    }
    Object data = json.getValue("data");
    int size = Json.encode(data).getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxDataBytes()) {
      throw HubException.of(HubErrorCode.TOO_LARGE, at + "data: " + size + " bytes, at most " + limits.maxDataBytes());
    }
    Object exclude = json.getValue("exclude");
    if (exclude != null && !(exclude instanceof String)) {
      throw HubException.unprocessable(at + "exclude: must be a session id string");
    }
    Object key = json.getValue("key");
    if (key != null && !(key instanceof String text && EVENT.matcher(text).matches())) {
      throw HubException.unprocessable(at + "key: must be 1 to 64 of A-Z a-z 0-9 _ . : -");
    }
    return new PublishRequest(channels, name, data, (String) exclude, (String) key);
  }

  private static List<ChannelName> channels(JsonObject json, String at, Limits limits) {
    Set<String> names = new LinkedHashSet<>();
    Object single = json.getValue("channel");
    Object many = json.getValue("channels");
    if (single != null && many != null) {
      throw HubException.unprocessable(at + "channel/channels: give one of them, not both");
    }
    if (single instanceof String name) {
      names.add(name);
    } else if (many instanceof JsonArray list && !list.isEmpty()) {
      if (list.size() > limits.maxChannels()) {
        throw HubException.unprocessable(at + "channels: at most " + limits.maxChannels() + " channels");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof String name)) {
          throw HubException.unprocessable(at + "channels[" + i + "]: must be a string");
        }
        names.add(name);
      }
    } else {
      throw HubException.unprocessable(at + "channel: a channel name (or channels: a non-empty list) is required");
    }
    List<ChannelName> channels = new ArrayList<>();
    int i = 0;
    for (String name : names) {
      String field = single != null ? at + "channel" : at + "channels[" + i++ + "]";
      try {
        ChannelName channel = ChannelName.parse(name);
        limits.types().typeOf(channel);
        channels.add(channel);
      } catch (HubException e) {
        throw HubException.unprocessable(field + ": " + e.getMessage());
      }
    }
    return channels;
  }
}
