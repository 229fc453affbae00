package dev.realtimehub.gateway.sse;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** An EventSource-style client that drops and comes back with {@code Last-Event-ID} on two channels. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SseRecoveryTest {

  private static final String URI = "/sse?channels=public.a,public.b";

  private TestHub hub;
  private final List<TestEventStream> streams = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    streams.forEach(stream -> stream.close().otherwiseEmpty().await());
    hub.close().await();
  }

  private TestEventStream open(Map<String, String> headers) {
    TestEventStream stream = hub.sse(URI, headers).await();
    streams.add(stream);
    return stream;
  }

  /** The next {@code n} events of the stream, in order. */
  private static Future<List<TestEventStream.Event>> events(TestEventStream stream, int n) {
    Future<List<TestEventStream.Event>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      all = all.compose(list -> stream.next().map(event -> {
        list.add(event);
        return list;
      }));
    }
    return all;
  }

  /** {@code channel:event} of each message event, or {@code name} for other events. */
  private static List<String> describe(List<TestEventStream.Event> events) {
    return events.stream().map(event -> {
      if (!"message".equals(event.name())) {
        return event.name();
      }
      JsonObject data = new JsonObject(event.data());
      return data.getString("channel") + ":" + data.getString("event");
    }).toList();
  }

  private Future<Void> publish(String channel, String... events) {
    Future<Void> chain = Future.succeededFuture();
    for (String event : events) {
      chain = chain.compose(v -> SemanticsSupport.publish(hub, channel, event, null).mapEmpty());
    }
    return chain;
  }

  private static void assertSubscribed(TestEventStream.Event event, String channel, boolean recovered) {
    assertEquals("subscribed", event.name(), event.toString());
    JsonObject data = new JsonObject(event.data());
    assertEquals(channel, data.getString("channel"), event.data());
    assertEquals(recovered, data.getBoolean("recovered"), event.data());
  }

  @Test
  void lastEventIdReplaysTheMissedMessagesOfBothChannelsBeforeLiveOnes(VertxTestContext ctx) {
    TestEventStream first = open(Map.of());
    events(first, 2).await();
    publish("public.a", "a1", "a2").compose(v -> publish("public.b", "b1")).await();
    List<TestEventStream.Event> seen = events(first, 3).await();
    String lastId = seen.get(2).id();
    first.close().await();
    publish("public.a", "a3", "a4").compose(v -> publish("public.b", "b2", "b3")).await();
    TestEventStream second = open(Map.of("Last-Event-ID", lastId));
    events(second, 6)
      .onSuccess(events -> ctx.verify(() -> {
        assertSubscribed(events.get(0), "public.a", true);
        assertSubscribed(events.get(1), "public.b", true);
        assertEquals(List.of("public.a:a3", "public.a:a4", "public.b:b2", "public.b:b3"),
          describe(events.subList(2, 6)));
      }))
      .compose(v -> publish("public.b", "b4"))
      .compose(v -> second.next())
      .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
        assertEquals(List.of("public.b:b4"), describe(List.of(live)));
        assertNotNull(live.id());
        ctx.completeNow();
      })));
  }

  @Test
  void aChannelThatWasQuietBeforeTheDropIsResumedToo(VertxTestContext ctx) {
    TestEventStream first = open(Map.of());
    events(first, 2).await();
    publish("public.a", "a1").await();
    String lastId = first.next().await().id();
    first.close().await();
    publish("public.b", "b1", "b2").compose(v -> publish("public.a", "a2")).await();
    TestEventStream second = open(Map.of("Last-Event-ID", lastId));
    events(second, 2)
      .onSuccess(events -> ctx.verify(() -> {
        assertSubscribed(events.get(0), "public.a", true);
        assertSubscribed(events.get(1), "public.b", true);
      }))
      .compose(v -> publish("public.b", "b-live"))
      .compose(v -> untilMessage(second, "public.b:b-live", new ArrayList<>()))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals(List.of("public.a:a2", "public.b:b1", "public.b:b2", "public.b:b-live"), describe(events),
          "messages published to the quiet channel while the client was away");
        ctx.completeNow();
      })));
  }

  /** Events up to and including the message {@code channel:event}. */
  private static Future<List<TestEventStream.Event>> untilMessage(TestEventStream stream, String message,
                                                                 List<TestEventStream.Event> events) {
    return stream.next().compose(event -> {
      events.add(event);
      return describe(List.of(event)).get(0).equals(message) ? Future.succeededFuture(events)
        : untilMessage(stream, message, events);
    });
  }

  @Test
  void aLastEventIdFromAnotherEpochIsNotRecoveredAndReplaysNothing(VertxTestContext ctx) {
    publish("public.a", "a1", "a2").await();
    TestEventStream stream = open(Map.of("Last-Event-ID", "public.a:1:0ther3pc"));
    events(stream, 2)
      .onSuccess(events -> ctx.verify(() -> {
        assertSubscribed(events.get(0), "public.a", false);
        assertEquals("subscribed", events.get(1).name());
        assertEquals(false, new JsonObject(events.get(1).data()).containsKey("recovered"), events.get(1).data());
      }))
      .compose(v -> publish("public.a", "live"))
      .compose(v -> stream.next())
      .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
        assertEquals(List.of("public.a:live"), describe(List.of(live)));
        ctx.completeNow();
      })));
  }
}
