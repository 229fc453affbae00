package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.HubProbe;
import dev.realtimehub.support.RawWebSocket;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames and messages over the configured limits, and text that is not UTF-8: the hub closes the offending
 * connection and keeps serving everyone else.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class OversizedFrameTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();
  private final List<RawWebSocket> raws = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_WS_MAX_MESSAGE_BYTES", "4096", "HUB_WS_MAX_FRAME_BYTES", "8192"))
      .await();
  }

  @AfterEach
  void stop() {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    Future.join(raws.stream().map(raw -> raw.close().otherwiseEmpty()).toList()).await();
    hub.close().await();
  }

  private TestSocket open() {
    TestSocket socket = hub.connect(hub.token("alice")).await();
    sockets.add(socket);
    return socket;
  }

  private RawWebSocket openRaw(Vertx vertx) {
    RawWebSocket raw = RawWebSocket.connect(vertx, hub.port(), "/ws?token=" + hub.token("alice"), Map.of()).await();
    raws.add(raw);
    return raw;
  }

  /** A ping frame padded to {@code bytes} bytes of JSON. */
  private static String paddedPing(int bytes) {
    String head = "{\"type\":\"ping\",\"pad\":\"";
    return head + "x".repeat(bytes - head.length() - 2) + "\"}";
  }

  private Future<Void> writeFragments(TestSocket socket, String first, int fragments, String last) {
    socket.raw().writeFrame(WebSocketFrame.textFrame(first, false));
    for (int i = 0; i < fragments; i++) {
      socket.raw().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(100)), false));
    }
    return socket.raw().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(last), true));
  }

  @Test
  void messageUnderTheLimitIsServed(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> socket.sendText(paddedPing(4000)))
      .compose(v -> socket.nextOfType("pong"))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void textMessageOverMaxMessageBytesClosesWith1009(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> socket.sendText(paddedPing(6000)))
      .compose(v -> socket.closed())
      .compose(code -> {
        ctx.verify(() -> assertEquals((short) 1009, code));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A frame over ws.max_frame_bytes is refused by the frame decoder before the hub sees it: the TCP
   * connection is dropped without a close frame, which the client reports as 1006 (observed with Vert.x
   * 5.0.10). 1009 would be as good; anything else, or an open connection, is a failure.
   */
  @Test
  void frameOverMaxFrameBytesDropsTheConnection(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> socket.sendText(paddedPing(10_000)))
      .compose(v -> socket.closed())
      .compose(code -> {
        ctx.verify(() -> assertTrue(code == 1006 || code == 1009, "closed with " + code));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void fragmentedMessageUnderTheLimitIsReassembled(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> writeFragments(socket, "{\"type\":\"ping\",\"id\":\"frag\",\"pad\":\"", 30, "\"}"))
      .compose(v -> socket.next())
      .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
        assertEquals("pong", pong.getString("type"));
        assertEquals("frag", pong.getString("id"));
        ctx.completeNow();
      })));
  }

  @Test
  void manySmallFragmentsTotallingOverTheLimitCloseWith1009(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .onSuccess(w -> writeFragments(socket, "{\"type\":\"ping\",\"pad\":\"", 60, "\"}"))
      .compose(w -> socket.closed())
      .compose(code -> {
        ctx.verify(() -> assertEquals((short) 1009, code));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void multiByteUtf8SplitAcrossFragmentsIsAccepted(Vertx vertx, VertxTestContext ctx) {
    RawWebSocket raw = openRaw(vertx);
    byte[] id = "h\u00e9llo-\u2713-\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
    int split = id.length - 2;
    Buffer first = Buffer.buffer("{\"type\":\"ping\",\"id\":\"").appendBytes(id, 0, split);
    Buffer rest = Buffer.buffer().appendBytes(id, split, 2).appendString("\"}");
    raw.next(RawWebSocket.TEXT)
      .compose(welcome -> raw.writeFrame(false, RawWebSocket.TEXT, first))
      .compose(v -> raw.writeFrame(true, RawWebSocket.CONTINUATION, rest))
      .compose(v -> raw.next())
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals(RawWebSocket.TEXT, frame.opcode());
        assertEquals("h\u00e9llo-\u2713-\ud83d\ude00", frame.json().getString("id"));
        ctx.completeNow();
      })));
  }

  @Test
  void invalidUtf8InATextFrameClosesWith1007(Vertx vertx, VertxTestContext ctx) {
    RawWebSocket raw = openRaw(vertx);
    Buffer invalid = Buffer.buffer("{\"type\":\"ping\",\"id\":\"").appendByte((byte) 0xC3).appendByte((byte) 0x28)
      .appendString("\"}");
    raw.next(RawWebSocket.TEXT)
      .compose(welcome -> raw.writeFrame(true, RawWebSocket.TEXT, invalid))
      .compose(v -> raw.next())
      .compose(frame -> {
        ctx.verify(() -> {
          assertEquals(RawWebSocket.CLOSE, frame.opcode(), "expected a close frame, got " + frame.text());
          assertEquals(1007, frame.closeCode());
        });
        return raw.closed();
      })
      .compose(v -> HubProbe.stillServes(hub))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsClosesWith1007(Vertx vertx, VertxTestContext ctx) {
    RawWebSocket raw = openRaw(vertx);
    Buffer first = Buffer.buffer("{\"type\":\"ping\",\"id\":\"").appendByte((byte) 0xE2).appendByte((byte) 0x82);
    Buffer rest = Buffer.buffer().appendByte((byte) 0x28).appendString("\"}");
    raw.next(RawWebSocket.TEXT)
      .compose(welcome -> raw.writeFrame(false, RawWebSocket.TEXT, first))
      .compose(v -> raw.writeFrame(true, RawWebSocket.CONTINUATION, rest))
      .compose(v -> raw.next())
      .compose(frame -> {
        ctx.verify(() -> {
          assertEquals(RawWebSocket.CLOSE, frame.opcode(), "expected a close frame, got " + frame.text());
          assertEquals(1007, frame.closeCode());
        });
        return raw.closed();
      })
      .compose(v -> HubProbe.stillServes(hub))
      .onComplete(ctx.succeedingThenComplete());
  }
}
