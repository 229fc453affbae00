package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.HubProbe;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients that send too much or too much nonsense: rate-limit errors, then a close with a 44xx code. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FloodTest {

  private TestHub hub;
  private TestSocket socket;

  private void start(Vertx vertx, Map<String, String> env) {
    hub = TestHub.start(vertx, env).await();
    socket = hub.connect(hub.token("alice")).await();
  }

  @AfterEach
  void stop() {
    if (socket != null) {
      socket.close().otherwiseEmpty().await();
    }
    if (hub != null) {
      hub.close().await();
    }
  }

  private static String ping(int id) {
    return new JsonObject().put("type", "ping").put("id", id).encode();
  }

  /** Reads {@code count} frames in order. */
  private static Future<List<JsonObject>> read(TestSocket socket, int count) {
    Future<List<JsonObject>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      chain = chain.compose(frames -> socket.next().map(frame -> {
        frames.add(frame);
        return frames;
      }));
    }
    return chain;
  }

  @Test
  void burstOverTheRateGets429ThenFloodingClosesWith4429(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("HUB_WS_RATE_PER_SECOND", "5", "HUB_WS_RATE_BURST", "5"));
    socket.nextOfType("welcome")
      .compose(w -> {
        for (int id = 1; id <= 8; id++) {
          socket.sendText(ping(id));
        }
        return read(socket, 8);
      })
      .compose(replies -> {
        ctx.verify(() -> {
          for (int i = 0; i < 5; i++) {
            assertEquals(new JsonObject().put("type", "pong").put("id", i + 1), replies.get(i));
          }
          long limited = replies.stream().filter(reply -> "error".equals(reply.getString("type"))).count();
          assertTrue(limited >= 1, "no 429 within a burst of 8 at burst 5: " + replies);
          for (JsonObject reply : replies.subList(5, 8)) {
            if ("error".equals(reply.getString("type"))) {
              assertEquals(429, reply.getInteger("code"), reply.encode());
              assertEquals("rate_limited", reply.getString("reason"));
            } else {
              assertEquals("pong", reply.getString("type"), reply.encode());
            }
          }
        });
        for (int id = 100; id < 200; id++) {
          socket.sendText(ping(id));
        }
        return socket.closed();
      })
      .compose(code -> {
        ctx.verify(() -> assertEquals((short) 4429, code));
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void tooManyErrorsCloseWith4400(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("HUB_WS_MAX_ERRORS", "5"));
    socket.nextOfType("welcome")
      .compose(w -> {
        for (int i = 0; i < 7; i++) {
          socket.sendText("{malformed " + i);
        }
        return read(socket, 5);
      })
      .compose(errors -> {
        ctx.verify(() -> errors.forEach(error -> assertEquals(400, error.getInteger("code"), error.encode())));
        return socket.closed();
      })
      .compose(code -> {
        ctx.verify(() -> {
          assertEquals((short) 4400, code);
          assertEquals(0, socket.pending(), "more than ws.max_errors error frames before the close");
        });
        return HubProbe.stillServes(hub);
      })
      .onComplete(ctx.succeedingThenComplete());
  }
}
