package dev.realtimehub.gateway.sse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Writes the events of one HTTP/1.1 event stream straight into its connection's Netty pipeline, after Vert.x sent
 * the response head: the response is chunked, so Netty's encoder frames each piece as a chunk. Vert.x's
 * {@code HttpServerResponse.write} takes a lock and flushes every event; here the events of one delivery pass go
 * out with one flush, and the slow-reader check reads the channel's writability without a lock. Every event after
 * the head goes this way, so they keep their order; the end of the response still goes through Vert.x, after
 * them. Event-loop only.
 */
final class ChunkWriter {

  private final ChannelHandlerContext context;
  private final VertxConnection connection;

  private ChunkWriter(ChannelHandlerContext context) {
    this.context = context;
    this.connection = ((VertxHandler<?>) context.handler()).getConnection();
  }

  /** The writer of an HTTP/1.x connection's stream; {@code null} for HTTP/2, whose streams Vert.x multiplexes. */
  static ChunkWriter of(HttpConnection http, HttpVersion version) {
    if (version == HttpVersion.HTTP_2 || !(http instanceof ConnectionBase base)) {
      return null;
    }
    ChannelHandlerContext context = base.channel().pipeline().context(VertxHandler.class);
    return context == null ? null : new ChunkWriter(context);
  }

  /** Whether the bytes waiting to be sent are below the connection's high water mark. */
  boolean writable() {
    return context.channel().isWritable();
  }

  /** Writes bytes as one chunk; they are shared, not copied, so the caller must not change them. */
  void write(Buffer bytes, boolean flush) {
    ByteBuf buf = ((BufferInternal) bytes).getByteBuf();
    // Vert.x counts what it writes in vertx_http_server_bytes_written_total; so do these.
    connection.reportBytesWritten(buf.readableBytes());
    DefaultHttpContent chunk = new DefaultHttpContent(buf);
    if (flush) {
      context.writeAndFlush(chunk, connection.voidPromise);
    } else {
      context.write(chunk, connection.voidPromise);
    }
  }

  void flush() {
    context.flush();
  }
}
