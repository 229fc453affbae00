package dev.realtimehub.core;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.metrics.HubMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The delivery sweep, step by step on one event loop. Tasks of a Vert.x context run in the order they were
 * submitted, so a task submitted right after a message was queued runs between the first and the second turn of
 * that message's sweep: exactly "mid-sweep", without timing. (The same cases through real connections, where the
 * timing is the machine's, are in {@code SweepingFanOutTest}.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class InstanceSubscriptionsSweepTest {

  private static final String CHANNEL = "public.sweep";
  /** Two turns' worth of visits; the first turn ends at subscriber {@code VISITS_PER_TURN}. */
  private static final int SUBSCRIBERS = 2 * InstanceSubscriptions.VISITS_PER_TURN;

  private Context context;
  private InstanceSubscriptions subscriptions;
  private final List<Recorder> subscribers = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    context = vertx.getOrCreateContext();
    subscriptions = new InstanceSubscriptions(new HubMetrics(new SimpleMeterRegistry()));
    onLoop(() -> {
      for (int i = 0; i < SUBSCRIBERS; i++) {
        Recorder subscriber = new Recorder("s" + i);
        subscribers.add(subscriber);
        subscriptions.add(CHANNEL, subscriber);
      }
    });
  }

  /** Runs {@code step} as the next task of the event loop and waits for it. */
  private void onLoop(Runnable step) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      step.run();
      done.complete();
    });
    done.future().await();
  }

  /** Waits until every task the loop has now (and the turns they queue before this one) ran. */
  private void settle() {
    for (int i = 0; i < 4 * SUBSCRIBERS / InstanceSubscriptions.VISITS_PER_TURN; i++) {
      onLoop(() -> { });
    }
  }

  private static Message message(long offset) {
    return new Message(new Publication(ChannelName.parse(CHANNEL), "tick", offset, null, null,
      System.currentTimeMillis()), new StreamPosition(offset, "e"));
  }

  private void enqueue(long offset, int deliveries) {
    subscriptions.enqueue(message(offset), deliveries, context);
  }

  @Test
  void aMessageArrivingMidSweepRidesWithTheRestAndReachesTheOthersNext() {
    context.runOnContext(v -> {
      enqueue(1, SUBSCRIBERS);
      // Runs after the sweep's first turn: the first half has message 1, the second half not yet.
      context.runOnContext(w -> enqueue(2, SUBSCRIBERS));
    });
    settle();
    int half = InstanceSubscriptions.VISITS_PER_TURN;
    for (int i = 0; i < SUBSCRIBERS; i++) {
      Recorder subscriber = subscribers.get(i);
      assertEquals(List.of(1L, 2L), subscriber.offsets, subscriber.id);
      // The second half got both in one visit, one flush; the first half message 1 alone, then 2 alone.
      assertEquals(i < half ? 2 : 1, subscriber.flushes, subscriber.id + " flushes");
    }
    assertEquals(0, subscriptions.backlog(), "every queued frame written");
  }

  @Test
  void aSubscriberLeavingMidSweepIsGivenNothingMore() {
    Recorder leaver = subscribers.get(SUBSCRIBERS - 1);
    context.runOnContext(v -> {
      enqueue(1, SUBSCRIBERS);
      context.runOnContext(w -> subscriptions.remove(CHANNEL, leaver));
    });
    settle();
    assertEquals(List.of(), leaver.offsets);
    assertEquals(List.of(1L), subscribers.get(SUBSCRIBERS - 2).offsets);
    assertEquals(0, subscriptions.backlog());
  }

  @Test
  void aSubscriberJoiningMidSweepGetsWhatIsQueuedAfterIt() {
    Recorder joiner = new Recorder("joiner");
    context.runOnContext(v -> {
      enqueue(1, SUBSCRIBERS);
      context.runOnContext(w -> {
        subscriptions.add(CHANNEL, joiner);
        enqueue(2, SUBSCRIBERS + 1);
      });
    });
    settle();
    assertEquals(List.of(2L), joiner.offsets, "message 1 was on its way before it joined, message 2 after");
    subscribers.forEach(subscriber -> assertEquals(List.of(1L, 2L), subscriber.offsets, subscriber.id));
    assertEquals(0, subscriptions.backlog());
  }

  @Test
  void anExcludedSessionIsSkippedInAVisitThatCarriesSeveralMessages() {
    Recorder excluded = subscribers.get(SUBSCRIBERS - 1);
    context.runOnContext(v -> {
      enqueue(1, SUBSCRIBERS);
      context.runOnContext(w -> subscriptions.enqueue(new Message(new Publication(ChannelName.parse(CHANNEL),
        "tick", 2L, null, excluded.id, System.currentTimeMillis()), new StreamPosition(2, "e")),
        SUBSCRIBERS - 1, context));
    });
    settle();
    assertEquals(List.of(1L), excluded.offsets);
    assertEquals(List.of(1L, 2L), subscribers.get(SUBSCRIBERS - 2).offsets);
    assertEquals(0, subscriptions.backlog());
  }

  /** A connection that records what it was given and how often it was flushed. */
  private static final class Recorder implements Subscriber {
    final String id;
    final List<Long> offsets = new ArrayList<>();
    int flushes;

    Recorder(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String protocol() {
      return "ws";
    }

    @Override
    public HubPrincipal principal() {
      return HubPrincipal.anonymous();
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void lost(String channel) {
    }

    @Override
    public void revoke(String channel, String reason) {
    }

    @Override
    public boolean deliver(Message message) {
      offsets.add(message.offset());
      flushes++;
      return true;
    }

    @Override
    public boolean deliverUnflushed(Message message) {
      offsets.add(message.offset());
      return true;
    }

    @Override
    public void flush() {
      flushes++;
    }
  }
}
