package dev.realtimehub.gateway.sse;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SseTest {

  private TestHub hub;
  private TestEventStream stream;
  private ApiSupport.RawStream raw;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_SSE_HEARTBEAT_SECONDS", "1", "HUB_SSE_RETRY_MS", "4321")).await();
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.close().otherwiseEmpty().await();
    }
    if (raw != null) {
      raw.close().otherwiseEmpty().await();
    }
    hub.close().await();
  }

  @Test
  void anonymousStreamStartsWithRetryThenOneSubscribedEventPerChannel(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a,public.b", Map.of()).await();
    ctx.verify(() -> {
      assertEquals(200, stream.status());
      assertTrue(stream.response().getHeader("Content-Type").startsWith("text/event-stream"));
    });
    stream.next()
      .compose(first -> stream.next().map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
        assertEquals("subscribed", events.get(0).name());
        assertEquals("public.a", new JsonObject(events.get(0).data()).getString("channel"));
        assertEquals(0L, new JsonObject(events.get(0).data()).getLong("offset"));
        assertEquals("subscribed", events.get(1).name());
        assertEquals("public.b", new JsonObject(events.get(1).data()).getString("channel"));
        ctx.completeNow();
      })));
  }

  @Test
  void rawStreamHasTheRetryLineFirstAndMessagesWithoutAnEventField(VertxTestContext ctx) {
    raw = ApiSupport.sseText(hub.http(), "/sse?channels=public.a").await();
    raw.until("event: subscribed")
      .onSuccess(start -> ctx.verify(() -> assertTrue(start.startsWith("retry: 4321\n\n"), start)))
      .compose(v -> publish("public.a"))
      .compose(v -> publish("public.a"))
      .compose(v -> raw.until("id: public.a:2:"))
      .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
        String block = text.substring(text.indexOf("id: public.a:1:"), text.indexOf("id: public.a:2:"));
        assertTrue(block.matches("id: public\\.a:1:[0-9a-f]+\ndata: \\{[^\n]*}\n\n"), block);
        ctx.completeNow();
      })));
  }

  @Test
  void messagesAreDefaultEventsWithIdAndJsonEnvelope(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a", Map.of()).await();
    JsonObject data = new JsonObject().put("score", 7).put("label", "line one\nline two");
    stream.next("subscribed")
      .compose(subscribed -> hub.publish(new JsonObject().put("channel", "public.a").put("event", "score.changed")
        .put("data", data)))
      .compose(published -> stream.next())
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals("message", event.name());
        JsonObject envelope = new JsonObject(event.data());
        assertEquals("public.a:1:" + envelope.getString("epoch"), event.id(), "the id is the stream cursor");
        assertEquals("public.a", envelope.getString("channel"));
        assertEquals("score.changed", envelope.getString("event"));
        assertEquals(data, envelope.getJsonObject("data"));
        assertEquals(1L, envelope.getLong("offset"));
        assertNotNull(envelope.getLong("ts"));
        ctx.completeNow();
      })));
  }

  @Test
  void messagesOfTwoChannelsInterleaveInPublishOrder(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a,public.b", Map.of()).await();
    List<String> order = List.of("public.a", "public.b", "public.b", "public.a");
    Future<Void> published = stream.next("subscribed").compose(v -> stream.next("subscribed")).mapEmpty();
    for (String channel : order) {
      published = published.compose(v -> publish(channel)).mapEmpty();
    }
    List<String> ids = new ArrayList<>();
    published
      .compose(v -> collectIds(ids, order.size()))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertEquals(List.of("public.a:1", "public.b:1", "public.b:2", "public.a:2"), ids);
        ctx.completeNow();
      })));
  }

  @Test
  void tokenInQueryParameterAdmitsTheUsersOwnChannel(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=user.u1&token=" + hub.token("u1"), Map.of()).await();
    receivesOwnChannel(ctx);
  }

  @Test
  void tokenInAuthorizationHeaderAdmitsTheUsersOwnChannel(VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=user.u1", Map.of("Authorization", "Bearer " + hub.token("u1"))).await();
    receivesOwnChannel(ctx);
  }

  @Test
  void idleStreamGetsHeartbeatComments(Vertx vertx, VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a", Map.of()).await();
    stream.next("subscribed")
      .compose(v -> ApiSupport.eventually(vertx, 8000, () -> Future.succeededFuture(stream.comments() >= 2)))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertTrue(stream.comments() >= 2);
        ctx.completeNow();
      })));
  }

  @Test
  void closedStreamLeavesNoSubscription(Vertx vertx, VertxTestContext ctx) {
    stream = hub.sse("/sse?channels=public.a", Map.of()).await();
    stream.next("subscribed")
      .compose(v -> ApiSupport.subscribers(hub, "public.a"))
      .onSuccess(before -> ctx.verify(() -> assertEquals(1, before)))
      .compose(v -> stream.close())
      .compose(v -> ApiSupport.eventually(vertx, 5000,
        () -> ApiSupport.subscribers(hub, "public.a").map(count -> count == 0)))
      .compose(v -> hub.request("GET", "/api/channels", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
        assertTrue(list.json().getJsonArray("channels").isEmpty(), list.body().toString());
        ctx.completeNow();
      })));
  }

  private void receivesOwnChannel(VertxTestContext ctx) {
    ctx.verify(() -> assertEquals(200, stream.status()));
    stream.next("subscribed")
      .compose(v -> publish("user.u1"))
      .compose(v -> stream.next())
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals("message", event.name());
        assertTrue(event.id().startsWith("user.u1:1:"), event.id());
        assertEquals("user.u1", new JsonObject(event.data()).getString("channel"));
        ctx.completeNow();
      })));
  }

  private Future<TestResponse> publish(String channel) {
    return hub.publish(new JsonObject().put("channel", channel).put("event", "tick").put("data", channel))
      .compose(response -> response.status() == 200 ? Future.succeededFuture(response)
        : Future.failedFuture("publish answered " + response.status() + " " + response.body()));
  }

  /** Reads {@code count} events, recording a message by channel and offset and anything else by its name. */
  private Future<Void> collectIds(List<String> ids, int count) {
    if (ids.size() == count) {
      return Future.succeededFuture();
    }
    return stream.next().compose(event -> {
      JsonObject envelope = "message".equals(event.name()) ? new JsonObject(event.data()) : null;
      ids.add(envelope != null ? envelope.getString("channel") + ":" + envelope.getLong("offset")
        : "event " + event.name());
      return collectIds(ids, count);
    });
  }
}
