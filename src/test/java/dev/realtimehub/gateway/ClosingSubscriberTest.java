package dev.realtimehub.gateway;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Subscribers that close while messages flow must not cost the other subscribers of their event loop a
 * message. One gateway event loop, so every connection shares it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ClosingSubscriberTest {

  private static final String CHANNEL = "public.closing";
  private static final int BATCHES = 10;
  private static final int PER_BATCH = 50;

  private TestHub hub;
  private final List<TestSocket> leaving = new ArrayList<>();
  private TestSocket staying;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_GATEWAY_INSTANCES", "1")).await();
    for (int i = 0; i < 20; i++) {
      TestSocket socket = hub.connect(null).await();
      socket.subscribe(CHANNEL).await();
      leaving.add(socket);
    }
    staying = hub.connect(null).await();
    staying.subscribe(CHANNEL).await();
  }

  @AfterEach
  void stop() {
    leaving.forEach(socket -> socket.close().otherwiseEmpty().await());
    staying.close().otherwiseEmpty().await();
    hub.close().await();
  }

  @Test
  void subscribersClosingMidStreamDoNotCostTheOthersAMessage(VertxTestContext ctx) {
    Future<Void> publishing = publishBatches(0);
    for (int i = 0; i < leaving.size(); i++) {
      TestSocket socket = leaving.get(i);
      socket.next(frame -> frame.getLong("offset", 0L) >= 1 + 20L * leaving.indexOf(socket))
        .onSuccess(v -> socket.close());
    }
    int total = BATCHES * PER_BATCH;
    publishing
      .compose(v -> SemanticsSupport.until(staying, frame -> frame.getLong("offset", 0L) == total))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        List<Long> offsets = frames.stream().filter(f -> "message".equals(f.getString("type")))
          .map(f -> f.getLong("offset")).toList();
        assertEquals(total, offsets.size(), "messages missed by the subscriber that stayed");
        ctx.completeNow();
      })));
  }

  private Future<Void> publishBatches(int batch) {
    if (batch == BATCHES) {
      return Future.succeededFuture();
    }
    JsonArray messages = new JsonArray();
    for (int i = 0; i < PER_BATCH; i++) {
      messages.add(new JsonObject().put("channel", CHANNEL).put("event", "tick").put("data", batch * PER_BATCH + i));
    }
    return SemanticsSupport.publishBatch(hub, messages).compose(v -> publishBatches(batch + 1));
  }
}
