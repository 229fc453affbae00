package dev.realtimehub.gateway.sse;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.MessageFormat;
import dev.realtimehub.broker.Publication;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The SSE encoding, shared by every stream on the node. A message is a default event (no {@code event:}
 * field) whose {@code data:} is the JSON envelope on one line (JSON never holds a raw line break); the
 * stream adds its own {@code id:} line. A signal is a named event ({@code presence}, {@code typing},
 * {@code read}) without an id.
 */
final class SseFormat implements MessageFormat {

  static final SseFormat INSTANCE = new SseFormat();

  @Override
  public int slot() {
    return 1;
  }

  @Override
  public Buffer encode(Message message) {
    Publication publication = message.publication();
    JsonObject envelope = new JsonObject().put("channel", message.channel());
    if (!publication.isMessage()) {
      envelope.mergeIn((JsonObject) publication.data());
      return event(publication.kind().wire(), envelope);
    }
    envelope.put("event", publication.event())
      .put("data", publication.data())
      .put("offset", message.offset())
      .put("epoch", message.epoch())
      .put("ts", publication.ts());
    if (publication.publisher() != null) {
      envelope.put("from", publication.publisher());
    }
    return Buffer.buffer("data: ").appendBuffer(envelope.toBuffer()).appendString("\n\n");
  }

  static Buffer event(String name, JsonObject data) {
    return Buffer.buffer("event: " + name + "\ndata: ").appendBuffer(data.toBuffer()).appendString("\n\n");
  }
}
