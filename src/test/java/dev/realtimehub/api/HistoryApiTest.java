package dev.realtimehub.api;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/channels/{name}/history} on {@code public.h} (history_size 20) after five messages. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HistoryApiTest {

  private static final String HISTORY = "/api/channels/public.h/history";

  private TestHub hub;
  private String epoch;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    epoch = SemanticsSupport.publishSeries(hub, "public.h", 5).await().getString("epoch");
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  private static List<Long> offsets(TestResponse response) {
    return response.json().getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("offset")).toList();
  }

  @Test
  void sinceWithTheEpochPagesTheMessagesAfterIt(VertxTestContext ctx) {
    SemanticsSupport.get(hub, HISTORY + "?since=2&epoch=" + epoch + "&limit=2")
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonObject body = response.json();
        assertEquals("public.h", body.getString("channel"));
        assertEquals(true, body.getBoolean("recovered"));
        assertEquals(5L, body.getLong("offset"), "the channel's top");
        assertEquals(epoch, body.getString("epoch"));
        assertEquals(List.of(3L, 4L), offsets(response));
        JsonObject third = body.getJsonArray("messages").getJsonObject(0);
        assertEquals("m3", third.getString("event"));
        assertEquals(new JsonObject().put("n", 3), third.getJsonObject("data"));
        assertEquals(epoch, third.getString("epoch"));
        assertTrue(third.getLong("ts") > 0, third.encode());
        ctx.completeNow();
      })));
  }

  @Test
  void withoutSinceTheLatestMessagesComeOldestFirst(VertxTestContext ctx) {
    SemanticsSupport.get(hub, HISTORY + "?limit=2")
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(true, response.json().getBoolean("latest"));
        assertFalse(response.json().containsKey("recovered"));
        assertEquals(List.of(4L, 5L), offsets(response));
      }))
      .compose(v -> SemanticsSupport.get(hub, HISTORY))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(response));
        assertEquals(5L, response.json().getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void aWrongEpochOrAPositionOutOfHistoryIsNotRecoveredAndListsNothing(VertxTestContext ctx) {
    SemanticsSupport.get(hub, HISTORY + "?since=2&epoch=0ther3pc")
      .onSuccess(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(false, response.json().getBoolean("recovered"));
        assertEquals(new JsonArray(), response.json().getJsonArray("messages"));
      }))
      .compose(v -> SemanticsSupport.publishSeries(hub, "public.h", 20))
      .compose(v -> SemanticsSupport.get(hub, HISTORY + "?since=2&epoch=" + epoch))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(false, response.json().getBoolean("recovered"), "offset 3 was evicted: no partial page");
        assertEquals(new JsonArray(), response.json().getJsonArray("messages"));
        assertEquals(25L, response.json().getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void anUnknownChannelHasAnEmptyHistory(VertxTestContext ctx) {
    SemanticsSupport.get(hub, "/api/channels/public.never/history?since=0")
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(true, response.json().getBoolean("recovered"));
        assertEquals(0L, response.json().getLong("offset"));
        assertEquals(new JsonArray(), response.json().getJsonArray("messages"));
        ctx.completeNow();
      })));
  }

  @Test
  void badParametersAre400AndAMissingKeyIs401(VertxTestContext ctx) {
    SemanticsSupport.get(hub, HISTORY + "?limit=0")
      .onSuccess(response -> ctx.verify(() -> assertEquals(400, response.status(), response.body().toString())))
      .compose(v -> SemanticsSupport.get(hub, HISTORY + "?limit=1001"))
      .onSuccess(response -> ctx.verify(() -> assertEquals(400, response.status(), response.body().toString())))
      .compose(v -> SemanticsSupport.get(hub, HISTORY + "?since=-1"))
      .onSuccess(response -> ctx.verify(() -> assertEquals(400, response.status(), response.body().toString())))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/nosuchtype.1/history"))
      .onSuccess(response -> ctx.verify(() -> assertEquals(404, response.status(), response.body().toString())))
      .compose(v -> hub.request("GET", HISTORY, null, null))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(401, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }
}
