package dev.realtimehub.pusher.api;

import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One validated event of {@code POST events} or {@code POST batch_events}. {@code data} stays the string the SDK
 * sent, so Pusher clients receive exactly it; {@code info} holds the attributes asked for in the response.
 */
record PusherEvent(String name, String data, List<PusherChannel> channels, String socketId, Set<String> info) {

  static final int MAX_NAME_LENGTH = 200;
  static final Set<String> INFO = Set.of("user_count", "subscription_count");
  /** What {@code GET channels/{name}} may also ask for. */
  static final Set<String> CHANNEL_INFO = Set.of("user_count", "subscription_count", "cache");

  /** What bounds an event. */
  record Limits(ChannelTypes types, int maxChannels, int maxDataBytes) {
  }

  /**
   * Parses one event; {@code at} prefixes error messages ({@code batch[3].}); a batch item names exactly one
   * {@code channel}. Fails with {@code BAD_REQUEST}, or {@code TOO_LARGE} when {@code data} exceeds the app's limit.
   */
  static PusherEvent parse(Object value, String at, boolean batchItem, Limits limits) {
    if (!(value instanceof JsonObject json)) {
      String where = at.isEmpty() ? "body" : at.substring(0, at.length() - 1);
      throw HubException.badRequest(where + ": expected an object");
    }
    if (!(json.getValue("name") instanceof String name) || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw HubException.badRequest(at + "name: required, 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (name.startsWith("pusher:") || name.startsWith("pusher_internal:")) {
      throw HubException.badRequest(at + "name: the pusher: and pusher_internal: prefixes are reserved");
    }
    if (!(json.getValue("data") instanceof String data)) {
      throw HubException.badRequest(at + "data: required, a string (the SDKs send JSON-encoded data as a string)");
    }
    int size = data.getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxDataBytes()) {
      throw HubException.of(HubErrorCode.TOO_LARGE, at + "data: " + size + " bytes, at most " + limits.maxDataBytes());
    }
    List<PusherChannel> channels = channels(json, at, batchItem, limits);
    Object socketId = json.getValue("socket_id");
    if (socketId != null && !(socketId instanceof String id && id.matches("\\d{1,20}\\.\\d{1,20}"))) {
      throw HubException.badRequest(at + "socket_id: expected a socket id such as 123.456");
    }
    return new PusherEvent(name, data, channels, (String) socketId, info(json.getValue("info"), at, INFO));
  }

  /** The comma-separated {@code info} attributes; {@code null} or empty asks for none. */
  static Set<String> info(Object value, String at, Set<String> allowed) {
    Set<String> info = new LinkedHashSet<>();
    if (value == null) {
      return info;
    }
    if (!(value instanceof String text)) {
      throw HubException.badRequest(at + "info: expected a comma-separated string");
    }
    for (String part : text.split(",")) {
      String attribute = part.trim();
      if (attribute.isEmpty()) {
        continue;
      }
      if (!allowed.contains(attribute)) {
        throw HubException.badRequest(at + "info: unknown attribute '" + attribute + "' (expected one of "
          + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
      info.add(attribute);
    }
    return info;
  }

  private static List<PusherChannel> channels(JsonObject json, String at, boolean batchItem, Limits limits) {
    Object single = json.getValue("channel");
    Object many = batchItem ? null : json.getValue("channels");
    List<String> names = new ArrayList<>();
    if (single != null && many != null) {
      throw HubException.badRequest(at + "channel/channels: give one of them, not both");
    }
    if (single instanceof String name) {
      names.add(name);
    } else if (many instanceof JsonArray list && !list.isEmpty()) {
      if (list.size() > limits.maxChannels()) {
        throw HubException.badRequest(at + "channels: at most " + limits.maxChannels() + " channels per event");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof String name)) {
          throw HubException.badRequest(at + "channels[" + i + "]: must be a string");
        }
        names.add(name);
      }
    } else {
      throw HubException.badRequest(at + (batchItem ? "channel: required" : "channels: a non-empty list (or "
        + "channel) is required"));
    }
    List<PusherChannel> channels = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = single != null ? at + "channel" : at + "channels[" + i + "]";
      channels.add(channel(names.get(i), field, limits.types()));
    }
    return channels;
  }

  /** Parses a Pusher channel name whose hub channel has a known type; any problem is a {@code BAD_REQUEST}. */
  static PusherChannel channel(String name, String field, ChannelTypes types) {
    try {
      PusherChannel channel = PusherChannel.parse(name);
      types.typeOf(channel.hub());
      return channel;
    } catch (HubException e) {
      throw HubException.badRequest(field + ": " + e.getMessage());
    }
  }
}
