package dev.realtimehub.broker;

import dev.realtimehub.channel.ChannelName;
import io.vertx.core.json.JsonObject;

/**
 * The JSON form of publications and messages when they travel between nodes or rest in a shared
 * history. Compact keys: they are written once per message, not per subscriber.
 */
public final class PublicationCodec {

  private PublicationCodec() {
  }

  public static JsonObject encode(Publication publication) {
    JsonObject json = new JsonObject()
      .put("k", publication.kind().name())
      .put("c", publication.channel().value())
      .put("e", publication.event())
      .put("d", publication.data())
      .put("t", publication.ts());
    if (publication.publisher() != null) {
      json.put("p", publication.publisher());
    }
    if (publication.excludeSession() != null) {
      json.put("x", publication.excludeSession());
    }
    return json;
  }

  public static Publication decode(JsonObject json) {
    return new Publication(Publication.Kind.valueOf(json.getString("k")), ChannelName.parse(json.getString("c")),
      json.getString("e"), json.getValue("d"), json.getString("p"), json.getString("x"), json.getLong("t"));
  }

  /** A message as carried over pub/sub: the publication with its offset and epoch. */
  public static String encodeMessage(Message message) {
    return encode(message.publication()).put("o", message.offset()).put("ep", message.epoch()).encode();
  }

  public static Message decodeMessage(String text) {
    JsonObject json = new JsonObject(text);
    return new Message(decode(json), new StreamPosition(json.getLong("o", 0L), json.getString("ep", "")));
  }
}
