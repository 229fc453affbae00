package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.HubProbe;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Frames a client should not send: each gets an error frame that keeps the connection (or a close where
 * the protocol says so), and the hub keeps serving other clients afterwards.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BadInputTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_WS_MAX_SUBSCRIPTIONS", "3")).await();
  }

  @AfterEach
  void stop() {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    hub.close().await();
  }

  private TestSocket open() {
    TestSocket socket = hub.connect(hub.token("alice")).await();
    sockets.add(socket);
    return socket;
  }

  /** Sends raw text and expects the very next frame to be an error with {@code code}. */
  private Future<JsonObject> expectError(VertxTestContext ctx, TestSocket socket, String text, int code) {
    return socket.sendText(text)
      .compose(v -> socket.next())
      .map(error -> {
        ctx.verify(() -> {
          assertEquals("error", error.getString("type"), "reply to " + text);
          assertEquals(code, error.getInteger("code"), "reply to " + text + ": " + error);
          assertFalse(error.getString("reason").isEmpty());
          assertFalse(error.getString("message").isEmpty());
        });
        return error;
      });
  }

  /** Sends each text in turn, expecting an error with {@code code} for every one. */
  private Future<Void> expectErrors(VertxTestContext ctx, TestSocket socket, List<String> texts, int code) {
    Future<JsonObject> chain = Future.succeededFuture();
    for (String text : texts) {
      chain = chain.compose(previous -> expectError(ctx, socket, text, code));
    }
    return chain.mapEmpty();
  }

  /** The connection still answers, and a fresh client is still served. */
  private Future<Void> stillFine(TestSocket socket) {
    return socket.request(new JsonObject().put("type", "ping"))
      .compose(pong -> "pong".equals(pong.getString("type")) ? HubProbe.stillServes(hub)
        : Future.failedFuture("expected a pong, got " + pong));
  }

  private static String subscribe(Object channel) {
    return new JsonObject().put("type", "subscribe").put("channel", channel).encode();
  }

  @Test
  void malformedJsonIs400AndKeepsTheConnection(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> expectError(ctx, socket, "{not json", 400))
      .compose(error -> {
        ctx.verify(() -> {
          assertEquals("bad_request", error.getString("reason"));
          assertFalse(error.containsKey("id"));
        });
        return expectErrors(ctx, socket, List.of("", "{\"type\":\"ping\",\"id\":1", "}{", "\u0000"), 400);
      })
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void jsonThatIsNotAnObjectIs400(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> expectErrors(ctx, socket, List.of("[1,2]", "42", "\"ping\"", "null", "true", "[]"), 400))
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unknownTypeIs404WithTheRequestId(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> expectError(ctx, socket, "{\"type\":\"explode\",\"id\":9}", 404))
      .compose(error -> {
        ctx.verify(() -> {
          assertEquals(9, error.getValue("id"));
          assertEquals("not_found", error.getString("reason"));
        });
        return stillFine(socket);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void missingOrNonStringTypeIs400(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> expectError(ctx, socket, "{\"id\":1,\"channel\":\"public.x\"}", 400))
      .compose(error -> {
        ctx.verify(() -> assertEquals(1, error.getValue("id")));
        List<String> frames = List.of("{}", "{\"type\":5}", "{\"type\":null}", "{\"type\":[\"ping\"]}");
        return expectErrors(ctx, socket, frames, 400);
      })
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void wrongFieldTypesAre400(VertxTestContext ctx) {
    TestSocket socket = open();
    String longEvent = new JsonObject().put("type", "publish").put("channel", "public.x").put("event", "e".repeat(65))
      .put("data", 1).encode();
    socket.nextOfType("welcome")
      .compose(w -> expectErrors(ctx, socket, List.of(
        subscribe(7),
        subscribe(new JsonArray().add("public.x")),
        subscribe(null),
        "{\"type\":\"unsubscribe\",\"channel\":{\"name\":\"public.x\"}}",
        longEvent,
        "{\"type\":\"publish\",\"channel\":\"public.x\",\"event\":\"has space\",\"data\":1}",
        "{\"type\":\"publish\",\"channel\":\"public.x\",\"event\":3,\"data\":1}",
        "{\"type\":\"subscribe\",\"channel\":\"public.x\",\"since\":{\"offset\":1}}",
        "{\"type\":\"ping\",\"id\":{\"nested\":true}}",
        "{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}"), 400))
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void binaryFrameClosesWith1003(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> socket.sendBinary(Buffer.buffer("{\"type\":\"ping\"}")))
      .compose(v -> socket.closed())
      .compose(code -> {
        ctx.verify(() -> assertEquals((short) 1003, code));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void invalidChannelNamesAre400(VertxTestContext ctx) {
    TestSocket socket = open();
    List<String> names = List.of("public.*", "public.>", "public.a?b", "public.[x]", "public.caf\u00e9",
      "public.\u0436", "public..x", "public.x.", ".public", "Public.x", "public.x y", "public.x\u0000",
      "public.x\ty", "public." + "a".repeat(65), "public." + "a.".repeat(80) + "a", "", "team");
    socket.nextOfType("welcome")
      .compose(w -> expectErrors(ctx, socket, names.stream().map(BadInputTest::subscribe).toList(), 400))
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unknownChannelTypeIs404(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> expectErrors(ctx, socket, List.of(subscribe("nosuchtype.1"), subscribe("nosuchtype")), 404))
      .compose(v -> stillFine(socket))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void subscriptionOverTheLimitIs429UntilOneIsReleased(VertxTestContext ctx) {
    TestSocket socket = open();
    socket.nextOfType("welcome")
      .compose(w -> socket.subscribe("public.s1"))
      .compose(s -> socket.subscribe("public.s2"))
      .compose(s -> socket.subscribe("public.s3"))
      .compose(s -> expectError(ctx, socket, subscribe("public.s4"), 429))
      .compose(error -> {
        ctx.verify(() -> assertEquals("rate_limited", error.getString("reason")));
        return socket.request(new JsonObject().put("type", "unsubscribe").put("channel", "public.s1"));
      })
      .compose(unsubscribed -> socket.subscribe("public.s4"))
      .compose(subscribed -> {
        ctx.verify(() -> assertEquals("subscribed", subscribed.getString("type"), subscribed.encode()));
        return stillFine(socket);
      })
      .onComplete(ctx.succeedingThenComplete());
  }
}
