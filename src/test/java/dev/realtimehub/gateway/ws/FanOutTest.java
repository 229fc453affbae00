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

  /** Reads {@code count} frames from the socket, in order. */
  private static Future<List<JsonObject>> read(TestSocket socket, int count, List<JsonObject> into) {
    if (into.size() == count) {
      return Future.succeededFuture(into);
    }
    return socket.next().compose(frame -> {
      into.add(frame);
      return read(socket, count, into);
    });
  }

  private void expectEveryMessageInOrder(VertxTestContext ctx, Checkpoint received, boolean checkData) {
    for (TestSocket socket : sockets) {
      read(socket, MESSAGES, new ArrayList<>()).onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        for (int i = 0; i < MESSAGES; i++) {
          JsonObject frame = frames.get(i);
          assertEquals("message", frame.getString("type"), frame.encode());
          assertEquals(i + 1L, frame.getLong("offset"), "out of order: " + frame.encode());
          if (checkData) {
            assertEquals(i + 1, frame.getInteger("data"));
          }
        }
        received.flag();
      })));
    }
  }

  @Test
  void everySubscriberReceivesEveryMessageInOrder(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint(SUBSCRIBERS + 1);
    expectEveryMessageInOrder(ctx, done, true);
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
    expectEveryMessageInOrder(ctx, done, false);
    List<Future<TestResponse>> all = new ArrayList<>();
    for (int i = 1; i <= MESSAGES; i++) {
      all.add(publish(i));
    }
    Future.all(all).onComplete(ctx.succeeding(published -> done.flag()));
  }
}
