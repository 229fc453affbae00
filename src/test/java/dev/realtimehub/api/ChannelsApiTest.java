package dev.realtimehub.api;

import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
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

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelsApiTest {

  private TestHub hub;
  private TestSocket first;
  private TestSocket second;

  /** Two anonymous subscribers of public.a, one of public.b, and u1 on its own user channel. */
  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    first = hub.connect(null).await();
    second = hub.connect(hub.token("u1")).await();
    first.subscribe("public.a")
      .compose(v -> first.subscribe("public.b"))
      .compose(v -> second.subscribe("public.a"))
      .compose(v -> second.subscribe("user.u1"))
      .await();
  }

  @AfterEach
  void stop() {
    first.close().otherwiseEmpty().await();
    second.close().otherwiseEmpty().await();
    hub.close().await();
  }

  @Test
  void listShowsEveryOccupiedChannelWithItsSubscriberCount(VertxTestContext ctx) {
    get("/api/channels").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(200, response.status(), response.body().toString());
      assertEquals(new JsonArray()
        .add(channel("public.a", 2))
        .add(channel("public.b", 1))
        .add(channel("user.u1", 1)), response.json().getJsonArray("channels"));
      ctx.completeNow();
    })));
  }

  @Test
  void listHonoursThePrefix(VertxTestContext ctx) {
    get("/api/channels?prefix=public.").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(200, response.status(), response.body().toString());
      assertEquals(new JsonArray().add(channel("public.a", 2)).add(channel("public.b", 1)),
        response.json().getJsonArray("channels"));
      ctx.completeNow();
    })));
  }

  @Test
  void listWithAWildcardPrefixIs400(VertxTestContext ctx) {
    get("/api/channels?prefix=public.*").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(400, response.status(), response.body().toString());
      assertEquals("bad_request", response.errorCode());
      assertTrue(response.errorMessage().startsWith("prefix: "), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void showOfAnIdOnATypeThatTakesNoneIs400(VertxTestContext ctx) {
    get("/api/channels/admin.7").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(400, response.status(), response.body().toString());
      assertEquals("bad_request", response.errorCode());
      assertTrue(response.errorMessage().contains("take no id"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void listDropsAChannelOnceItsLastSubscriberLeaves(VertxTestContext ctx) {
    first.request(new JsonObject().put("type", "unsubscribe").put("channel", "public.b"))
      .compose(unsubscribed -> get("/api/channels?prefix=public.b"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(new JsonArray(), response.json().getJsonArray("channels"));
        ctx.completeNow();
      })));
  }

  @Test
  void showReportsOccupancySubscribersOffsetAndEpoch(VertxTestContext ctx) {
    hub.publish(new JsonObject().put("channel", "public.a").put("event", "e").put("data", 1))
      .compose(v -> hub.publish(new JsonObject().put("channel", "public.a").put("event", "e").put("data", 2)))
      .compose(v -> get("/api/channels/public.a"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        JsonObject body = response.json();
        assertEquals("public.a", body.getString("name"));
        assertTrue(body.getBoolean("occupied"));
        assertEquals(2, body.getInteger("subscribers"));
        assertEquals(2L, body.getLong("offset"));
        assertFalse(body.getString("epoch").isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void showOfAValidChannelNobodyHoldsIsUnoccupied(VertxTestContext ctx) {
    get("/api/channels/team.42").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(200, response.status(), response.body().toString());
      assertFalse(response.json().getBoolean("occupied"));
      assertEquals(0, response.json().getInteger("subscribers"));
      assertEquals(0L, response.json().getLong("offset"));
      ctx.completeNow();
    })));
  }

  @Test
  void showOfAnUnknownTypeIs404(VertxTestContext ctx) {
    get("/api/channels/nosuch.1").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(404, response.status(), response.body().toString());
      assertEquals("not_found", response.errorCode());
      assertTrue(response.errorMessage().contains("nosuch"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void showOfAnInvalidNameIs400(VertxTestContext ctx) {
    get("/api/channels/team..7").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(400, response.status(), response.body().toString());
      assertEquals("bad_request", response.errorCode());
      assertTrue(response.errorMessage().contains("empty segment"), response.errorMessage());
      ctx.completeNow();
    })));
  }

  private Future<TestResponse> get(String uri) {
    return hub.request("GET", uri, null, TestHub.API_KEY);
  }

  private static JsonObject channel(String name, int subscribers) {
    return new JsonObject().put("name", name).put("subscribers", subscribers);
  }
}
