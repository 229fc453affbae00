package dev.realtimehub.broker;

import io.vertx.core.buffer.Buffer;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A published message with its position in the channel. Immutable apart from the cache of encodings,
 * which is safe to share between event loops: two threads racing on a slot compute equal bytes.
 */
public final class Message {

  public static final int FORMAT_SLOTS = 5;

  private final Publication publication;
  private final StreamPosition position;
  private final AtomicReferenceArray<Buffer> encoded = new AtomicReferenceArray<>(FORMAT_SLOTS);

  public Message(Publication publication, StreamPosition position) {
    this.publication = publication;
    this.position = position;
  }

  public Publication publication() {
    return publication;
  }

  public String channel() {
    return publication.channel().value();
  }

  public long offset() {
    return position.offset();
  }

  public String epoch() {
    return position.epoch();
  }

  /** The bytes of this message in {@code format}, computed at most a few times per node. */
  public Buffer encoded(MessageFormat format) {
    Buffer buffer = encoded.get(format.slot());
    if (buffer == null) {
      buffer = format.encode(this);
      encoded.compareAndSet(format.slot(), null, buffer);
    }
    return buffer;
  }
}
