package dev.realtimehub.gateway.ws;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many subscribers of one channel, accepted by both gateway event loops of the test hub (connections are
 * spread round-robin), each receive every message once and in offset order.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FanOutTest {

  private static final int SUBSCRIBERS = 20;
  private static final int MESSAGES = 50;
  /** Enough publishes racing on both event loops to expose offsets handed out in one order and sent in another. */
  private static final int CONCURRENT_MESSAGES = 200;
  private static final String CHANNEL = "public.fanout";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      TestSocket socket = hub.connect(hub.token("user" + i)).await();
      sockets.add(socket);
      JsonObject reply = socket.nextOfType("welcome").compose(w -> socket.subscribe(CHANNEL)).await();
      assertEquals("subscribed", reply.getString("type"), reply.encode());
    }
  }

  @AfterEach
  void stop() {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    hub.close().await();
  }

  private Future<TestResponse> publish(int seq) {
    return hub.publish(new JsonObject().put("channel", CHANNEL).put("event", "tick").put("data", seq));
  }

  /**
   * Collects the frames each socket receives from now on and flags {@code received} once per socket when
   * it has {@code count} messages with offsets 1..count in order.
   */
  private void expectEveryMessageInOrder(VertxTestContext ctx, Checkpoint received, int count,
                                         boolean dataIsOffset) {
    for (TestSocket socket : sockets) {
      List<JsonObject> frames = new ArrayList<>();
      socket.raw().textMessageHandler(text -> {
        frames.add(new JsonObject(text));
        if (frames.size() == count) {
          ctx.verify(() -> {
            for (int i = 0; i < count; i++) {
              assertEquals("message", frames.get(i).getString("type"), frames.get(i).encode());
              assertEquals(i + 1L, frames.get(i).getLong("offset"), "out of order: " + frames.get(i).encode());
              if (dataIsOffset) {
                assertEquals(i + 1, frames.get(i).getInteger("data"));
              }
            }
            received.flag();
          });
        }
      });
    }
  }

  @Test
  void everySubscriberReceivesEveryMessageInOrder(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint(SUBSCRIBERS + 1);
    expectEveryMessageInOrder(ctx, done, MESSAGES, true);
    Future<TestResponse> chain = Future.succeededFuture();
    for (int i = 1; i <= MESSAGES; i++) {
      int seq = i;
      chain = chain.compose(r -> publish(seq));
    }
    chain.onComplete(ctx.succeeding(last -> ctx.verify(() -> {
      assertEquals(200, last.status());
      done.flag();
    })));
  }

  @Test
  void concurrentPublishersStillDeliverInOffsetOrder(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint(SUBSCRIBERS + 1);
    expectEveryMessageInOrder(ctx, done, CONCURRENT_MESSAGES, false);
    List<Future<TestResponse>> all = new ArrayList<>();
    for (int i = 1; i <= CONCURRENT_MESSAGES; i++) {
      all.add(publish(i));
    }
    Future.all(all).onComplete(ctx.succeeding(published -> done.flag()));
  }
}
