package dev.realtimehub.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Writes the text frames of one upgraded WebSocket straight into its Netty pipeline, where Vert.x writes its own.
 * Vert.x's {@code ServerWebSocket} takes a lock, passes each frame through its outbound queue and flushes it;
 * here the frames of a batch go out with one flush, and the slow-consumer check reads the channel's writability
 * (the water mark {@code setWriteQueueMaxSize} sets) without a lock. Every text frame of a session goes this way,
 * so they keep their order; pings and the close frame still go through Vert.x, which holds them back while the
 * channel is not writable, so the close frame still follows the last text frame. Event-loop only.
 */
public final class FrameWriter {

  private final ChannelHandlerContext context;
  private final VertxConnection connection;

  /** {@code context}: the upgraded connection's {@code VertxHandler} context. */
  FrameWriter(ChannelHandlerContext context) {
    this.context = context;
    this.connection = ((VertxHandler<?>) context.handler()).getConnection();
  }

  /** Whether the bytes waiting to be sent are below the connection's high water mark. */
  boolean writable() {
    return context.channel().isWritable();
  }

  /** Writes UTF-8 bytes as one text frame; the bytes are shared, not copied, so the caller must not change them. */
  void writeText(Buffer utf8, boolean flush) {
    ByteBuf bytes = ((BufferInternal) utf8).getByteBuf();
    write(new TextWebSocketFrame(true, 0, bytes), bytes.readableBytes(), flush);
  }

  /** Writes a whole frame of {@link TextFrames}, shared with other connections; Netty's frame encoder passes it on. */
  void writeFrame(Buffer frame, boolean flush) {
    ByteBuf bytes = ((BufferInternal) frame).getByteBuf();
    write(bytes, bytes.readableBytes(), flush);
  }

  private void write(Object message, int bytes, boolean flush) {
    // Vert.x counts the frames it writes in vertx_http_server_bytes_written_total; so do these.
    connection.reportBytesWritten(bytes);
    // Like Vert.x's own writes: a failed write does not fire an exception through the pipeline.
    if (flush) {
      context.writeAndFlush(message, connection.voidPromise);
    } else {
      context.write(message, connection.voidPromise);
    }
  }

  void flush() {
    context.flush();
  }
}
