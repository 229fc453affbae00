package dev.realtimehub.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Writes a connection's outbound messages straight into its Netty pipeline, at Vert.x's own handler, where Vert.x
 * writes its own. Vert.x's stream writes take a lock and flush every message; here the messages of one delivery
 * pass go out with one flush, and the slow-reader check reads the channel's writability (the water mark of
 * {@code setWriteQueueMaxSize}) without a lock. The transports ({@code FrameWriter}, {@code ChunkWriter}) only say
 * which Netty message carries the bytes. Event-loop only.
 */
public final class PipelineWriter {

  private final ChannelHandlerContext context;
  private final VertxConnection connection;

  private PipelineWriter(ChannelHandlerContext context) {
    this.context = context;
    this.connection = ((VertxHandler<?>) context.handler()).getConnection();
  }

  /** The writer at the pipeline's Vert.x handler; {@code null} when it has none. */
  public static PipelineWriter of(ChannelPipeline pipeline) {
    ChannelHandlerContext context = pipeline.context(VertxHandler.class);
    return context == null ? null : new PipelineWriter(context);
  }

  /** The bytes of a buffer, shared, not copied: the caller must not change them. */
  public static ByteBuf bytes(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }

  /**
   * Whether the socket takes more: past the high water mark the channel turns unwritable, and messages of a pass
   * not flushed yet count too, so they are flushed first; only what the socket would not take counts against the
   * reader.
   */
  public boolean hasRoom() {
    if (context.channel().isWritable()) {
      return true;
    }
    context.flush();
    return context.channel().isWritable();
  }

  /** Writes {@code message}, which carries {@code bytes} bytes of payload. */
  public void write(Object message, int bytes, boolean flush) {
    // Vert.x counts what it writes in vertx_http_server_bytes_written_total; so do these.
    connection.reportBytesWritten(bytes);
    // Like Vert.x's own writes: a failed write does not fire an exception through the pipeline.
    if (flush) {
      context.writeAndFlush(message, connection.voidPromise);
    } else {
      context.write(message, connection.voidPromise);
    }
  }

  public void flush() {
    context.flush();
  }
}
