package dev.realtimehub.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared frames read back by Netty's client-side decoder, at each length encoding (7, 16 and 64 bits). */
class TextFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
  void aSharedFrameDecodesToItsPayload(int length) {
    String payload = "é".repeat(length / 2) + "x".repeat(length % 2);
    Buffer frame = TextFrames.frame(Buffer.buffer(payload));
    // A client expects unmasked frames from a server.
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
      .expectMaskedFrames(false)
      .maxFramePayloadLength(1 << 20)
      .build()));
    ByteBuf written = ((BufferInternal) frame).getByteBuf();
    assertTrue(written.isDirect(), "a direct buffer is written without a copy");
    client.writeInbound(written);
    TextWebSocketFrame decoded = client.readInbound();
    assertTrue(decoded.isFinalFragment());
    assertEquals(payload, decoded.text());
    decoded.release();
    assertEquals(frame.length(), ((BufferInternal) frame).getByteBuf().readableBytes(), "each write gets its own view");
  }
}
