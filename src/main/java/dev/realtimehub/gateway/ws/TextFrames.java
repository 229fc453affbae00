package dev.realtimehub.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Builds text frames over already-encoded UTF-8 bytes. The public API only makes text frames from a
 * String, which would re-encode a shared message once per subscriber; this wraps the shared bytes instead
 * (a retained duplicate, released by Netty after the write).
 */
final class TextFrames {

  private TextFrames() {
  }

  static WebSocketFrame of(Buffer utf8) {
    ByteBuf bytes = ((BufferInternal) utf8).getByteBuf();
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true);
  }

  /** The same frame for a direct write to the connection's Netty pipeline (batched, one flush). */
  static TextWebSocketFrame netty(Buffer utf8) {
    return new TextWebSocketFrame(true, 0, ((BufferInternal) utf8).getByteBuf());
  }
}
