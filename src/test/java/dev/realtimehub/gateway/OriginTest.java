package dev.realtimehub.gateway;

import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code HUB_ALLOWED_ORIGINS} set, browser connections from other origins are refused with 403 before a
 * WebSocket upgrade or an event stream starts; requests without an Origin header (not from a browser page)
 * are let through.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class OriginTest {

  private static final String SSE = "/sse?channels=public.news";

  private TestHub hub;
  private final List<WebSocket> rawSockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, Map.of("HUB_ALLOWED_ORIGINS", "https://app.example.com,https://*.example.org")).await();
  }

  @AfterEach
  void stop() {
    rawSockets.forEach(WebSocket::close);
    hub.close().await();
  }

  @Test
  void listedOriginIsUpgraded(VertxTestContext ctx) {
    expectWelcome(ctx, "https://app.example.com");
  }

  @Test
  void subdomainOfWildcardOriginIsUpgraded(VertxTestContext ctx) {
    expectWelcome(ctx, "https://chat.example.org");
  }

  @Test
  void deeperSubdomainOfWildcardOriginIsUpgraded(VertxTestContext ctx) {
    expectWelcome(ctx, "https://eu.chat.example.org");
  }

  @Test
  void unlistedOriginIsRefusedWith403BeforeUpgrade(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "https://evil.example.com");
  }

  @Test
  void nullOriginIsRefusedWith403(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "null");
  }

  @Test
  void wildcardMatchesOnlyOnALabelBoundary(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "https://evilexample.org");
  }

  @Test
  void wildcardDoesNotMatchItsBareDomain(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "https://example.org");
  }

  @Test
  void listedHostWithOtherSchemeIsRefused(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "http://app.example.com");
  }

  @Test
  void listedHostWithOtherPortIsRefused(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "https://app.example.com:8443");
  }

  @Test
  void listedHostAsPrefixOfAnotherHostIsRefused(VertxTestContext ctx) {
    expectWebSocketForbidden(ctx, "https://app.example.com.evil.io");
  }

  @Test
  void upgradeWithoutOriginHeaderIsAllowed(VertxTestContext ctx) {
    Promise<String> firstFrame = Promise.promise();
    hub.wsClient().connect(new WebSocketConnectOptions().setURI("/ws").setAllowOriginHeader(false))
      .compose(ws -> {
        rawSockets.add(ws);
        ws.textMessageHandler(firstFrame::tryComplete);
        return firstFrame.future();
      })
      .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
        assertEquals("welcome", new JsonObject(text).getString("type"));
        ctx.completeNow();
      })));
  }

  @Test
  void eventStreamFromListedOriginEchoesTheOrigin(VertxTestContext ctx) {
    expectStream(ctx, "https://app.example.com");
  }

  @Test
  void eventStreamFromWildcardSubdomainEchoesTheOrigin(VertxTestContext ctx) {
    expectStream(ctx, "https://chat.example.org");
  }

  @Test
  void eventStreamWithoutOriginIsAllowedWithoutCorsHeader(VertxTestContext ctx) {
    hub.sse(SSE, Map.of())
      .compose(stream -> stream.next("subscribed").map(event -> stream))
      .onComplete(ctx.succeeding(stream -> ctx.verify(() -> {
        assertEquals(200, stream.status());
        assertNull(stream.response().getHeader("Access-Control-Allow-Origin"));
        stream.close();
        ctx.completeNow();
      })));
  }

  @Test
  void eventStreamFromUnlistedOriginIsRefusedWith403Json(VertxTestContext ctx) {
    expectStreamForbidden(ctx, "https://evil.example.com");
  }

  @Test
  void eventStreamFromNullOriginIsRefusedWith403Json(VertxTestContext ctx) {
    expectStreamForbidden(ctx, "null");
  }

  private void expectWelcome(VertxTestContext ctx, String origin) {
    hub.connect("/ws", Map.of("Origin", origin))
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        ctx.completeNow();
      })));
  }

  private void expectWebSocketForbidden(VertxTestContext ctx, String origin) {
    String token = hub.token("u1");
    AuthSupport.rejectedUpgrade(hub, "/ws?token=" + token, Map.of("Origin", origin))
      .onComplete(ctx.succeeding(refusal -> ctx.verify(() -> {
        assertEquals(403, refusal.getStatus());
        assertEquals("forbidden", refusal.getBody().toJsonObject().getJsonObject("error").getString("code"));
        ctx.completeNow();
      })));
  }

  private void expectStream(VertxTestContext ctx, String origin) {
    hub.sse(SSE, Map.of("Origin", origin))
      .compose(stream -> stream.next("subscribed").map(event -> stream))
      .onComplete(ctx.succeeding(stream -> ctx.verify(() -> {
        assertEquals(200, stream.status());
        assertEquals(origin, stream.response().getHeader("Access-Control-Allow-Origin"));
        assertTrue(stream.response().getHeader("Vary").contains("Origin"));
        stream.close();
        ctx.completeNow();
      })));
  }

  private void expectStreamForbidden(VertxTestContext ctx, String origin) {
    AuthSupport.get(hub, SSE, Map.of("Origin", origin, "Accept", "text/event-stream"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(403, response.status());
        assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
        assertEquals("forbidden", response.errorCode());
        assertNull(response.headers().get("Access-Control-Allow-Origin"));
        ctx.completeNow();
      })));
  }
}
