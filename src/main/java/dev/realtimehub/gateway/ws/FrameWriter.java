package dev.realtimehub.gateway.ws;

import dev.realtimehub.gateway.PipelineWriter;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;

/**
 * The text frames of one upgraded WebSocket, written straight into its Netty pipeline ({@link PipelineWriter}).
 * Every text frame of a session goes this way, so they keep their order; pings and the close frame still go through
 * Vert.x, which holds them back while the channel is not writable, so the close frame still follows the last text
 * frame. Event-loop only.
 */
public final class FrameWriter {

  private final PipelineWriter pipeline;

  FrameWriter(PipelineWriter pipeline) {
    this.pipeline = pipeline;
  }

  /** Whether the socket takes more, once what was written is flushed ({@link PipelineWriter#hasRoom}). */
  boolean hasRoom() {
    return pipeline.hasRoom();
  }

  /** Writes UTF-8 bytes as one text frame; the bytes are shared, not copied, so the caller must not change them. */
  void writeText(Buffer utf8, boolean flush) {
    ByteBuf bytes = PipelineWriter.bytes(utf8);
    pipeline.write(new TextWebSocketFrame(true, 0, bytes), bytes.readableBytes(), flush);
  }

  /** Writes a whole frame of {@link TextFrames}, shared with other connections; Netty's frame encoder passes it on. */
  void writeFrame(Buffer frame, boolean flush) {
    ByteBuf bytes = PipelineWriter.bytes(frame);
    pipeline.write(bytes, bytes.readableBytes(), flush);
  }

  void flush() {
    pipeline.flush();
  }
}
