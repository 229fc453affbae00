package dev.realtimehub.gateway.sse;

import dev.realtimehub.gateway.PipelineWriter;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The events of one HTTP/1.1 event stream, written straight into its connection's Netty pipeline
 * ({@link PipelineWriter}) once Vert.x has sent the response head: the response is chunked, so Netty's encoder
 * frames each piece as a chunk. Every event after the head goes this way, so they keep their order; the end of
 * the response still goes through Vert.x, after them. Event-loop only.
 */
final class ChunkWriter {

  private final PipelineWriter pipeline;

  private ChunkWriter(PipelineWriter pipeline) {
    this.pipeline = pipeline;
  }

  /** The writer of an HTTP/1.x connection's stream; {@code null} for HTTP/2, whose streams Vert.x multiplexes. */
  static ChunkWriter of(HttpConnection http, HttpVersion version) {
    if (version == HttpVersion.HTTP_2 || !(http instanceof ConnectionBase base)) {
      return null;
    }
    PipelineWriter pipeline = PipelineWriter.of(base.channel().pipeline());
    return pipeline == null ? null : new ChunkWriter(pipeline);
  }

  /** Whether the socket takes more, once what was written is flushed ({@link PipelineWriter#hasRoom}). */
  boolean hasRoom() {
    return pipeline.hasRoom();
  }

  /** Writes bytes as one chunk; they are shared, not copied, so the caller must not change them. */
  void write(Buffer bytes, boolean flush) {
    ByteBuf buf = PipelineWriter.bytes(bytes);
    pipeline.write(new DefaultHttpContent(buf), buf.readableBytes(), flush);
  }

  void flush() {
    pipeline.flush();
  }
}
