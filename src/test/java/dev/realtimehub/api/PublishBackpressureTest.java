package dev.realtimehub.api;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher that outruns delivery is pushed back: once an event loop has {@code gateway.max_backlog}
 * frames waiting (one subscriber here, so one frame per message), publishes answer 503 instead of queueing without bound, and what was accepted arrives.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PublishBackpressureTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_GATEWAY_INSTANCES", "1", "HUB_GATEWAY_MAX_BACKLOG", "100",
      "HUB_API_MAX_BATCH", "1000")).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void publishesBeyondTheBacklogAreRefusedAndAcceptedOnesArrive(VertxTestContext ctx) {
    TestSocket socket = hub.connect(null).await();
    JsonArray messages = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      messages.add(new JsonObject().put("channel", "public.flood").put("event", "tick").put("data", i));
    }
    socket.nextOfType("welcome")
      .compose(w -> socket.subscribe("public.flood"))
      .compose(s -> hub.request("POST", "/api/publish/batch", new JsonObject().put("messages", messages).encode(),
        TestHub.API_KEY))
      .compose(response -> {
        JsonObject body = response.json();
        long accepted = body.getLong("accepted");
        ctx.verify(() -> {
          assertTrue(body.getLong("failed") > 0, "the backlog limit refused some: " + body.getLong("failed"));
          assertTrue(accepted >= 100, "at least a backlog's worth was accepted: " + accepted);
          JsonObject refused = body.getJsonArray("results").stream().map(JsonObject.class::cast)
            .filter(r -> r.containsKey("error")).findFirst().orElseThrow();
          assertEquals("unavailable", refused.getJsonObject("error").getString("code"));
        });
        return socket.next(frame -> "message".equals(frame.getString("type")) && frame.getLong("offset") == accepted);
      })
      .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
        assertEquals("public.flood", last.getString("channel"));
        ctx.completeNow();
      })));
  }
}
