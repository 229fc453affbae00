package dev.realtimehub.gateway.sse;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.MessageFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The SSE encoding of a message: a default {@code message} event whose {@code id:} is
 * {@code <channel>:<offset>} and whose {@code data:} is the JSON envelope on one line (JSON never contains
 * a raw line break, so one {@code data:} line is always enough).
 */
final class SseFormat implements MessageFormat {

  static final SseFormat INSTANCE = new SseFormat();

  @Override
  public int slot() {
    return 1;
  }

  @Override
  public Buffer encode(Message message) {
    JsonObject envelope = new JsonObject()
      .put("channel", message.channel())
      .put("event", message.publication().event())
      .put("data", message.publication().data())
      .put("offset", message.offset())
      .put("epoch", message.epoch())
      .put("ts", message.publication().ts());
    if (message.publication().publisher() != null) {
      envelope.put("from", message.publication().publisher());
    }
    return Buffer.buffer("id: " + message.channel() + ":" + message.offset() + "\ndata: ")
      .appendBuffer(envelope.toBuffer())
      .appendString("\n\n");
  }

  static Buffer event(String name, JsonObject data) {
    return Buffer.buffer("event: " + name + "\ndata: ").appendBuffer(data.toBuffer()).appendString("\n\n");
  }
}
