package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.error.HubException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Reads and writes Pusher protocol frames. Server-to-client {@code data} is a JSON-encoded string, except in
 * {@code pusher:error} and {@code pusher:signin_success}, where pusher-js reads an object. Stateless.
 */
public final class PusherCodec {

  static final String CLIENT_PREFIX = "client-";
  private static final int MAX_EVENT_NAME = 200;

  private PusherCodec() {
  }

  /** Parses a text frame; anything malformed is a {@code BAD_REQUEST} whose message says what is wrong. */
  public static PusherFrame decode(String text) {
    JsonObject json;
    try {
      if (!(Json.decodeValue(text) instanceof JsonObject object)) {
        throw HubException.badRequest("message must be a JSON object");
      }
      json = object;
    } catch (DecodeException | IllegalStateException e) {
      throw HubException.badRequest("message is not valid JSON");
    }
    if (!(json.getValue("event") instanceof String event) || event.isEmpty() || event.length() > MAX_EVENT_NAME) {
      throw HubException.badRequest("event must be a string of 1 to " + MAX_EVENT_NAME + " characters");
    }
    if (event.startsWith(CLIENT_PREFIX)) {
      return new PusherFrame.ClientEvent(event, string(json, "channel", true), json.getValue("data"));
    }
    JsonObject data = data(json);
    return switch (event) {
      case "pusher:ping" -> new PusherFrame.Ping();
      case "pusher:pong" -> new PusherFrame.Pong();
      case "pusher:subscribe" -> new PusherFrame.Subscribe(string(data, "channel", true),
        string(data, "auth", false), string(data, "channel_data", false));
      case "pusher:unsubscribe" -> new PusherFrame.Unsubscribe(string(data, "channel", true));
      case "pusher:signin" -> new PusherFrame.Signin(string(data, "auth", true), string(data, "user_data", true));
      default -> throw HubException.badRequest("unknown event " + event);
    };
  }

  /** pusher-js sends {@code data} as an object; some clients send it JSON-encoded as a string. */
  private static JsonObject data(JsonObject json) {
    Object data = json.getValue("data");
    if (data == null) {
      return new JsonObject();
    }
    if (data instanceof JsonObject object) {
      return object;
    }
    if (data instanceof String text) {
      try {
        if (Json.decodeValue(text) instanceof JsonObject object) {
          return object;
        }
      } catch (DecodeException e) {
        // reported below
      }
    }
    throw HubException.badRequest("data must be a JSON object");
  }

  private static String string(JsonObject json, String key, boolean required) {
    Object value = json.getValue(key);
    if (value instanceof String text && (!required || !text.isEmpty())) {
      return text;
    }
    if (value == null && !required) {
      return null;
    }
    throw HubException.badRequest(key + " must be a" + (required ? " non-empty" : "") + " string");
  }

  /** A frame {@code {"event","channel"?,"data"?}}; {@code data} is written as given (already a string or not). */
  public static String event(String event, String channel, Object data) {
    JsonObject frame = new JsonObject().put("event", event);
    if (channel != null) {
      frame.put("channel", channel);
    }
    if (data != null) {
      frame.put("data", data);
    }
    return frame.encode();
  }

  /** {@code pusher:error}: its data is an object, {@code code} may be {@code null}. */
  public static String error(PusherErrorCode code, String message) {
    return event("pusher:error", null, new JsonObject().put("message", message)
      .put("code", code == null ? null : code.code()));
  }

  public static String subscriptionError(String channel, String type, String message, int status) {
    return event("pusher:subscription_error", channel, new JsonObject().put("type", type)
      .put("error", message)
      .put("status", status));
  }

  /** The data of a channel event on the wire: strings as they are, any other value JSON-encoded. */
  static String wireData(Object data) {
    return data instanceof String text ? text : Json.encode(data);
  }

  /**
   * A message or presence signal as a Pusher frame on {@code channel}; {@code null} for signals Pusher has no
   * event for (typing, read receipts). {@code presence} says the subscription is a presence one: it alone gets
   * member events and the {@code user_id} of client events.
   */
  static Buffer encode(Message message, String channel, boolean presence) {
    Publication publication = message.publication();
    switch (publication.kind()) {
      case MESSAGE -> {
        JsonObject frame = new JsonObject()
          .put("event", publication.event())
          .put("channel", channel)
          .put("data", wireData(publication.data()));
        if (presence && publication.publisher() != null) {
          frame.put("user_id", publication.publisher());
        }
        return frame.toBuffer();
      }
      case PRESENCE -> {
        if (!presence) {
          return null;
        }
        JsonObject fields = (JsonObject) publication.data();
        JsonObject user = fields.getJsonObject("user");
        boolean added = "join".equals(fields.getString("action"));
        JsonObject data = new JsonObject().put("user_id", user.getString("id"));
        if (added) {
          data.put("user_info", PresenceData.userInfo(user));
        }
        return Buffer.buffer(event(added ? "pusher_internal:member_added" : "pusher_internal:member_removed",
          channel, data.encode()));
      }
      default -> {
        return null;
      }
    }
  }
}
