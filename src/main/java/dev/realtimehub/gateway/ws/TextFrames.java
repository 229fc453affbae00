package dev.realtimehub.gateway.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.MessageFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;

/**
 * Whole WebSocket text frames, header included, encoded once per message and node. Frames from a server are not
 * masked, so every connection is sent the same bytes: a shared frame skips Netty's frame encoder, which would
 * otherwise allocate a buffer and copy the payload into it for each connection.
 */
public final class TextFrames {

  private static final int FIN_TEXT = 0x81;

  private TextFrames() {
  }

  /**
   * The frame of {@code payload}'s encoding, cached in {@code slot} of each message ({@code null} where the payload
   * format has none). The payload itself is not cached: only the frame is written.
   */
  public static MessageFormat framed(MessageFormat payload, int slot) {
    return new MessageFormat() {
      @Override
      public int slot() {
        return slot;
      }

      @Override
      public Buffer encode(Message message) {
        Buffer bytes = payload.encode(message);
        return bytes == null ? null : frame(bytes);
      }
    };
  }

  /**
   * The text frame of UTF-8 {@code payload} in a direct buffer (the socket writes it without another copy). It is
   * never released: the cache of a message may hand it out again, and the garbage collector frees its memory.
   */
  static Buffer frame(Buffer payload) {
    ByteBuf bytes = ((BufferInternal) payload).getByteBuf();
    int length = bytes.readableBytes();
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf frame = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(header + length)).clear();
    frame.writeByte(FIN_TEXT);
    if (length < 126) {
      frame.writeByte(length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(126).writeShort(length);
    } else {
      frame.writeByte(127).writeLong(length);
    }
    frame.writeBytes(bytes);
    return BufferInternal.buffer(frame);
  }
}
