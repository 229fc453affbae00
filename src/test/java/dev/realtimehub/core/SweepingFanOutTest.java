package dev.realtimehub.core;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One event loop with more subscribers on a channel than a turn of the loop visits, so that every delivery sweep
 * spans several turns and messages published meanwhile join sweeps in progress: every subscriber still gets every
 * message once and in order, one that joins mid-sweep gets everything after its subscription without a gap, and
 * one that leaves mid-sweep gets nothing after its {@code unsubscribed} reply.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SweepingFanOutTest {

  /** More than two turns' worth of visits for the one channel. */
  private static final int SUBSCRIBERS = 3 * InstanceSubscriptions.VISITS_PER_TURN / 2;
  private static final int MESSAGES = 120;
  private static final String CHANNEL = "public.sweep";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_GATEWAY_INSTANCES", "1")).await();
    List<Future<TestSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      connecting.add(hub.connect(null).compose(socket -> socket.nextOfType("welcome")
        .compose(w -> socket.subscribe(CHANNEL))
        .map(reply -> {
          assertEquals("subscribed", reply.getString("type"), reply.encode());
          return socket;
        })));
    }
    connecting.forEach(socket -> sockets.add(socket.await()));
  }

  @AfterEach
  void stop() {
    Future.join(sockets.stream().map(socket -> socket.close().otherwiseEmpty()).toList()).await();
    hub.close().await();
  }

  private Future<TestResponse> publish(int seq) {
    return hub.publish(new JsonObject().put("channel", CHANNEL).put("event", "tick").put("data", seq));
  }

  /** Publishes {@code MESSAGES} messages all at once, so that they arrive while sweeps are under way. */
  private Future<Void> publishAll() {
    return publish(1, MESSAGES);
  }

  private Future<Void> publish(int from, int to) {
    List<Future<TestResponse>> all = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      all.add(publish(i));
    }
    return Future.all(all).map(published -> {
      all.forEach(response -> assertEquals(200, response.result().status(), response.result().body().toString()));
      return null;
    });
  }

  /** The offsets of the next {@code count} messages of the channel the socket receives. */
  private static Future<List<Long>> offsets(TestSocket socket, int count) {
    return collect(socket, new ArrayList<>(), count);
  }

  private static Future<List<Long>> collect(TestSocket socket, List<Long> offsets, int count) {
    if (offsets.size() == count) {
      return Future.succeededFuture(offsets);
    }
    return socket.next(frame -> "message".equals(frame.getString("type")))
      .compose(frame -> {
        assertEquals(CHANNEL, frame.getString("channel"), frame.encode());
        offsets.add(frame.getLong("offset"));
        return collect(socket, offsets, count);
      });
  }

  private static void assertConsecutive(List<Long> offsets, long first, long last) {
    assertEquals(last - first + 1, offsets.size(), "count of " + offsets);
    for (int i = 0; i < offsets.size(); i++) {
      assertEquals(first + i, offsets.get(i), "offsets in order, none twice, none missing: " + offsets);
    }
  }

  @Test
  void everySubscriberGetsEveryMessageOnceAndInOrder() {
    publishAll().await();
    for (TestSocket socket : sockets) {
      assertConsecutive(offsets(socket, MESSAGES).await(), 1, MESSAGES);
      assertEquals(0, socket.pending(), "no frame beyond the messages");
    }
  }

  @Test
  void aSubscriberJoiningMidSweepGetsEverythingAfterItsSubscription() {
    TestSocket joiner = hub.connect(null).await();
    sockets.add(joiner);
    joiner.nextOfType("welcome").await();
    // Half the messages are accepted (their fan-out to the others takes a while), then it joins, then the rest.
    publish(1, MESSAGES / 2).await();
    long joinedAt = joiner.subscribe(CHANNEL).await().getLong("offset");
    publish(MESSAGES / 2 + 1, MESSAGES).await();
    assertTrue(joinedAt >= MESSAGES / 2, "its position counts the accepted messages: " + joinedAt);
    List<Long> offsets = offsets(joiner, (int) (MESSAGES - joinedAt)).await();
    // Messages queued when it subscribed may reach it too; the ones after its position all do, in order.
    long first = offsets.get(0);
    assertTrue(first <= joinedAt + 1, "nothing missing after offset " + joinedAt + ": " + offsets);
    List<Long> all = new ArrayList<>(offsets);
    if (first <= joinedAt) {
      all.addAll(offsets(joiner, (int) (joinedAt - first + 1)).await());
    }
    assertConsecutive(all, first, MESSAGES);
  }

  @Test
  void aSubscriberLeavingMidSweepGetsNothingAfterItsUnsubscribedReply() {
    // Subscribed last, so last in the sweeps' order: the sweep under way when it leaves has yet to reach it.
    TestSocket leaver = hub.connect(null).await();
    leaver.nextOfType("welcome").compose(w -> leaver.subscribe(CHANNEL)).await();
    Promise<Void> left = Promise.promise();
    Promise<Void> answered = Promise.promise();
    List<JsonObject> afterReply = new ArrayList<>();
    leaver.raw().textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if ("unsubscribed".equals(frame.getString("type"))) {
        left.complete();
      } else if (Integer.valueOf(2).equals(frame.getValue("id"))) {
        answered.complete();
      } else if (left.future().isComplete() && CHANNEL.equals(frame.getString("channel"))) {
        afterReply.add(frame);
      }
    });
    publish(1, MESSAGES / 2).await();
    leaver.send(new JsonObject().put("type", "unsubscribe").put("id", 1).put("channel", CHANNEL)).await();
    left.future().await();
    publish(MESSAGES / 2 + 1, MESSAGES).await();
    // Once every other subscriber has every message, no sweep is left; a reply on the leaver's own connection
    // then comes after anything that was written to it before.
    for (TestSocket socket : sockets) {
      assertConsecutive(offsets(socket, MESSAGES).await(), 1, MESSAGES);
    }
    leaver.send(new JsonObject().put("type", "subscribe").put("id", 2).put("channel", "public.elsewhere")).await();
    answered.future().await();
    sockets.add(leaver);
    assertEquals(List.of(), afterReply, "messages after the unsubscribed reply");
  }
}
