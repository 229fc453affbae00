package dev.realtimehub.channel;

import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel policy on {@code /sse}: a stream whose every channel is refused gets a JSON 4xx before it starts;
 * a refused channel next to an allowed one gets a named {@code error} event naming it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SseChannelPolicyTest {

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void refusedChannelGets403JsonBeforeTheStream(VertxTestContext ctx) {
    String token = hub.token("u1", roles("staff"));
    AuthSupport.get(hub, "/sse?channels=admin", Map.of("Authorization", "Bearer " + token))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(403, response.status());
        assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
        assertEquals("forbidden", response.errorCode());
        assertTrue(response.errorMessage().contains("admin"), response.errorMessage());
        assertFalse(response.body().toString().contains(token));
        ctx.completeNow();
      })));
  }

  @Test
  void anonymousStreamOnATokenChannelGets401(VertxTestContext ctx) {
    AuthSupport.get(hub, "/sse?channels=system", Map.of())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(401, response.status());
        assertEquals("unauthorized", response.errorCode());
        ctx.completeNow();
      })));
  }

  @Test
  void tokenInQueryParameterOpensTheStream(VertxTestContext ctx) {
    String token = hub.token("u1", new JsonObject().put("teams", new JsonArray().add(7)));
    hub.sse("/sse?channels=team.7&token=" + token, Map.of())
      .compose(stream -> stream.next().map(event -> new Opened(stream, event)))
      .onComplete(ctx.succeeding(opened -> ctx.verify(() -> {
        assertEquals(200, opened.stream().status());
        assertEquals("subscribed", opened.event().name());
        assertEquals("team.7", new JsonObject(opened.event().data()).getString("channel"));
        opened.stream().close();
        ctx.completeNow();
      })));
  }

  @Test
  void refusedChannelNextToAnAllowedOneGetsANamedErrorEvent(VertxTestContext ctx) {
    String token = hub.token("u1", new JsonObject().put("teams", new JsonArray().add(7)));
    hub.sse("/sse?channels=team.7,admin", Map.of("Authorization", "Bearer " + token))
      .compose(stream -> stream.next("error").map(event -> new Opened(stream, event)))
      .onComplete(ctx.succeeding(opened -> ctx.verify(() -> {
        assertEquals(200, opened.stream().status());
        JsonObject error = new JsonObject(opened.event().data());
        assertEquals("admin", error.getString("channel"));
        assertEquals(403, error.getInteger("code"));
        assertEquals("forbidden", error.getString("reason"));
        opened.stream().close();
        ctx.completeNow();
      })));
  }

  @Test
  void anonymousStreamOnPublicChannelOpens(VertxTestContext ctx) {
    hub.sse("/sse?channels=public.news", Map.of())
      .compose(stream -> stream.next().map(event -> new Opened(stream, event)))
      .onComplete(ctx.succeeding(opened -> ctx.verify(() -> {
        assertEquals(200, opened.stream().status());
        assertEquals("subscribed", opened.event().name());
        opened.stream().close();
        ctx.completeNow();
      })));
  }

  private record Opened(TestEventStream stream, TestEventStream.Event event) {
  }

  private static JsonObject roles(String... roles) {
    JsonArray list = new JsonArray();
    for (String role : roles) {
      list.add(role);
    }
    return new JsonObject().put("roles", list);
  }
}
