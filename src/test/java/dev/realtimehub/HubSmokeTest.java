package dev.realtimehub;

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

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HubSmokeTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void subscriberReceivesWhatTheApiPublishes(VertxTestContext ctx) {
    String token = hub.token("u1", new JsonObject().put("teams", new JsonArray().add(7)));
    TestSocket socket = hub.connect(token).await();
    socket.nextOfType("welcome")
      .compose(welcome -> socket.subscribe("team.7"))
      .compose(subscribed -> hub.publish(new JsonObject().put("channel", "team.7").put("event", "goal.updated")
        .put("data", new JsonObject().put("goal", 42))))
      .compose(response -> socket.nextOfType("message"))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("team.7", message.getString("channel"));
        assertEquals("goal.updated", message.getString("event"));
        assertEquals(42, message.getJsonObject("data").getInteger("goal"));
        assertEquals(1L, message.getLong("offset"));
        ctx.completeNow();
      })));
  }
}
