package dev.realtimehub.core;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that resumes while the server keeps publishing sees every message once and in order. The
 * channel is {@code user.racer} (history_size 100) and fewer than 100 messages are published, so every
 * resume is within history whatever the timing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RecoveryRaceTest {

  private static final String CHANNEL = "user.racer";
  private static final int TOTAL = 40;
  /** After this offset the client unsubscribes and resubscribes on the same connection. */
  private static final long RESUBSCRIBE_AT = 10;
  /** After this offset the client drops its connection and resumes on a new one. */
  private static final long RECONNECT_AT = 25;

  private TestHub hub;
  private String token;
  private final List<TestSocket> sockets = new ArrayList<>();
  private final List<Long> seen = new ArrayList<>();
  private final List<JsonObject> resumed = new ArrayList<>();
  private String epoch;
  private TestSocket first;

  /** The first connection, subscribed; a first publish elsewhere warms the API path up. */
  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    token = hub.token("racer");
    first = hub.connect(token).await();
    sockets.add(first);
    first.subscribe(CHANNEL).await();
    SemanticsSupport.publish(hub, "user.warmup", "warmup", null).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  @Test
  void resubscribingAndReconnectingWhilePublishesRaceLosesAndRepeatsNothing(VertxTestContext ctx) {
    Future<JsonObject> publishing = SemanticsSupport.publishSeries(hub, CHANNEL, TOTAL);
    Future.all(publishing, read(first))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertEquals(LongStream.rangeClosed(1, TOTAL).boxed().toList(), seen, "gaps or duplicates");
        assertEquals(2, resumed.size(), resumed.toString());
        resumed.forEach(reply -> assertEquals(true, reply.getBoolean("recovered"), reply.encode()));
        ctx.completeNow();
      })));
  }

  /** Reads frames as a resuming client would, until the last message; resubscribes and reconnects on the way. */
  private Future<Void> read(TestSocket socket) {
    return socket.next().compose(frame -> {
      String type = frame.getString("type");
      if ("message".equals(type)) {
        return onMessage(socket, frame);
      }
      if ("unsubscribed".equals(type)) {
        return socket.send(resumeFrame("again")).compose(v -> read(socket));
      }
      if ("subscribed".equals(type)) {
        resumed.add(frame);
      }
      return read(socket);
    });
  }

  private Future<Void> onMessage(TestSocket socket, JsonObject frame) {
    long offset = frame.getLong("offset");
    seen.add(offset);
    epoch = frame.getString("epoch");
    if (offset == TOTAL) {
      return Future.succeededFuture();
    }
    if (offset == RESUBSCRIBE_AT) {
      return socket.send(new JsonObject().put("type", "unsubscribe").put("channel", CHANNEL))
        .compose(v -> read(socket));
    }
    if (offset == RECONNECT_AT) {
      return socket.close()
        .compose(v -> hub.connect(token))
        .compose(next -> {
          sockets.add(next);
          return next.send(resumeFrame("reconnected")).compose(v -> read(next));
        });
    }
    return read(socket);
  }

  private JsonObject resumeFrame(String id) {
    return new JsonObject().put("type", "subscribe").put("id", id).put("channel", CHANNEL)
      .put("since", seen.get(seen.size() - 1)).put("epoch", epoch);
  }
}
