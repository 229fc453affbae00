package dev.realtimehub.gateway.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.MessageFormat;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** Reads and writes the JSON frames of the native protocol. Stateless. */
public final class NativeCodec {

  /**
   * The native frame of a message ({@code type: message}) or signal ({@code type: presence|typing|read}); sessions
   * write it as {@link #FRAME}, encoded once per node per message.
   */
  public static final MessageFormat MESSAGE = new MessageFormat() {
    @Override
    public int slot() {
      return 0;
    }

    @Override
    public Buffer encode(Message message) {
      Publication publication = message.publication();
      JsonObject frame = new JsonObject()
        .put("type", publication.kind().wire())
        .put("channel", message.channel());
      if (!publication.isMessage()) {
        return frame.mergeIn((JsonObject) publication.data()).toBuffer();
      }
      frame.put("event", publication.event())
        .put("data", publication.data())
        .put("offset", message.offset())
        .put("epoch", message.epoch())
        .put("ts", publication.ts());
      if (publication.publisher() != null) {
        frame.put("from", publication.publisher());
      }
      return frame.toBuffer();
    }
  };

  /** The {@link #MESSAGE} as a whole text frame, shared by every native WebSocket of the node. */
  public static final MessageFormat FRAME = TextFrames.framed(MESSAGE, 3);

  private static final int MAX_ID_LENGTH = 64;
  private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  private NativeCodec() {
  }

  /** Parses a text frame into a JSON object; anything else is a {@code BAD_REQUEST}. */
  static JsonObject parse(String text) {
    try {
      Object value = Json.decodeValue(text);
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException | IllegalStateException e) {
      throw HubException.badRequest("frame is not valid JSON");
    }
    throw HubException.badRequest("frame must be a JSON object");
  }

  /** The request id, or {@code null}; an id of the wrong shape is ignored rather than echoed. */
  static Object requestId(JsonObject json) {
    Object id = json.getValue("id");
    if (id instanceof Number || (id instanceof String text && text.length() <= MAX_ID_LENGTH)) {
      return id;
    }
    return null;
  }

  static NativeFrame decode(JsonObject json, Object id) {
    if (json.containsKey("id") && id == null) {
      throw HubException.badRequest("id must be a number or a string of at most 64 characters");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String name)) {
      throw HubException.badRequest("frame has no type");
    }
    return switch (name) {
      case "subscribe" -> new NativeFrame.Subscribe(id, channel(json), offset(json, "since", true),
        optionalString(json, "epoch"));
      case "unsubscribe" -> new NativeFrame.Unsubscribe(id, channel(json));
      case "publish" -> new NativeFrame.Publish(id, channel(json), event(json), json.getValue("data"));
      case "ping" -> new NativeFrame.Ping(id);
      case "typing" -> new NativeFrame.Typing(id, channel(json), typingState(json));
      case "read" -> new NativeFrame.Read(id, channel(json), offset(json, "offset", false));
      case "reads" -> new NativeFrame.Reads(id, channel(json));
      default -> throw HubException.of(HubErrorCode.NOT_FOUND, "unknown frame type");
    };
  }

  private static String channel(JsonObject json) {
    if (!(json.getValue("channel") instanceof String channel)) {
      throw HubException.badRequest("channel must be a string");
    }
    return channel;
  }

  private static String event(JsonObject json) {
    if (!(json.getValue("event") instanceof String event) || !EVENT.matcher(event).matches()) {
      throw HubException.badRequest("event must be 1 to 64 of A-Z a-z 0-9 _ . : -");
    }
    return event;
  }

  /** A message offset given as a whole number or a string of digits; {@code null} when optional and absent. */
  private static Long offset(JsonObject json, String key, boolean optional) {
    Object value = json.getValue(key);
    if (value == null && optional) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long) {
      long offset = ((Number) value).longValue();
      if (offset >= 0) {
        return offset;
      }
    } else if (value instanceof String text && text.matches("\\d{1,18}")) {
      return Long.parseLong(text);
    }
    throw HubException.badRequest(key + " must be a message offset (a whole number >= 0)");
  }

  private static boolean typingState(JsonObject json) {
    Object state = json.getValue("state");
    if ("start".equals(state)) {
      return true;
    }
    if ("stop".equals(state)) {
      return false;
    }
    throw HubException.badRequest("state must be start or stop");
  }

  private static String optionalString(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String || value instanceof Number) {
      return value.toString();
    }
    throw HubException.badRequest(key + " must be a string");
  }

  static JsonObject reply(String type, Object id) {
    JsonObject reply = new JsonObject().put("type", type);
    if (id != null) {
      reply.put("id", id);
    }
    return reply;
  }

  static JsonObject error(Object id, HubException error) {
    return reply("error", id)
      .put("code", error.code().status())
      .put("reason", error.code().reason())
      .put("message", error.getMessage());
  }
}
