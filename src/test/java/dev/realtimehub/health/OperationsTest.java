package dev.realtimehub.health;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class OperationsTest {

  private static final String WS_CONNECTIONS = "hub_connections{protocol=\"ws\"}";
  private static final String WS_DELIVERED = "hub_messages_delivered_total{protocol=\"ws\"}";

  private TestHub hub;
  private TestSocket socket;
  private HttpClient admin;

  @AfterEach
  void stop() {
    if (socket != null) {
      socket.close().otherwiseEmpty().await();
    }
    if (admin != null) {
      admin.close().await();
    }
    if (hub != null) {
      hub.close().await();
    }
  }

  @Test
  void liveAndReadyAnswer200(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    get("/health/live")
      .onSuccess(live -> ctx.verify(() -> assertHealth(live, 200, "UP")))
      .compose(v -> get("/health/ready"))
      .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
        assertHealth(ready, 200, "UP");
        ctx.completeNow();
      })));
  }

  @Test
  void readyAnswers503OnceDrainingWhileLiveStays200(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    hub.drain().start();
    get("/health/ready")
      .onSuccess(ready -> ctx.verify(() -> assertHealth(ready, 503, "DRAINING")))
      .compose(v -> get("/health/live"))
      .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
        assertHealth(live, 200, "UP");
        ctx.completeNow();
      })));
  }

  @Test
  void webSocketUpgradeWhileDrainingIs503(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    hub.drain().start();
    hub.connect(null).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, failure);
      assertEquals(503, rejected.getStatus());
      assertEquals("unavailable", rejected.getBody().toJsonObject().getJsonObject("error").getString("code"));
      ctx.completeNow();
    })));
  }

  @Test
  void sseStreamWhileDrainingIs503(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    hub.drain().start();
    get("/sse?channels=public.a").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(503, response.status(), response.body().toString());
      assertEquals("unavailable", response.errorCode());
      assertTrue(response.headers().contains("Retry-After"));
      ctx.completeNow();
    })));
  }

  @Test
  void metricsExposeJvmAndHubMetersInPrometheusText(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    socket = hub.connect(null).await();
    socket.subscribe("public.m")
      .compose(v -> hub.publish(new JsonObject().put("channel", "public.m").put("event", "e").put("data", 1)))
      .compose(v -> socket.nextOfType("message"))
      .compose(v -> ApiSupport.eventually(vertx, 5000, () -> scrape().map(text -> ApiSupport.metric(text,
        WS_DELIVERED) >= 1)))
      .compose(v -> get("/metrics"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status());
        assertTrue(response.headers().get("Content-Type").startsWith("text/plain"));
        String text = response.body().toString();
        assertTrue(text.contains("\njvm_memory_used_bytes{"), "JVM meters");
        assertEquals(1.0, ApiSupport.metric(text, WS_CONNECTIONS), WS_CONNECTIONS);
        assertEquals(1.0, ApiSupport.metric(text, "hub_subscriptions"), "hub_subscriptions");
        assertEquals(1.0, ApiSupport.metric(text, "hub_messages_published_total{source=\"api\"}"), "published");
        assertEquals(1.0, ApiSupport.metric(text, WS_DELIVERED), "delivered");
        assertTrue(text.contains("\nhub_delivery_latency_seconds_bucket{le="), "latency histogram");
        assertEquals(1.0, ApiSupport.metric(text, "hub_delivery_latency_seconds_count"), "latency count");
        ctx.completeNow();
      })));
  }

  @Test
  void connectionGaugeFallsBackWhenTheClientLeaves(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx).await();
    socket = hub.connect(null).await();
    socket.nextOfType("welcome")
      .compose(v -> scrape())
      .onSuccess(text -> ctx.verify(() -> assertEquals(1.0, ApiSupport.metric(text, WS_CONNECTIONS))))
      .compose(v -> socket.close())
      .compose(v -> ApiSupport.eventually(vertx, 5000, () -> scrape().map(text -> ApiSupport.metric(text,
        WS_CONNECTIONS) == 0.0)))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void adminPortServesMetricsAndHealthInsteadOfTheMainPort(Vertx vertx, VertxTestContext ctx) {
    int adminPort = TestHub.freePort();
    hub = TestHub.start(vertx, Map.of("HUB_HTTP_ADMIN_PORT", Integer.toString(adminPort))).await();
    admin = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(adminPort));
    ApiSupport.get(vertx, admin, "/metrics")
      .onSuccess(metrics -> ctx.verify(() -> {
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().toString().contains("\nhub_subscriptions "), "hub meters on the admin port");
      }))
      .compose(v -> ApiSupport.get(vertx, admin, "/health/ready"))
      .onSuccess(ready -> ctx.verify(() -> assertHealth(ready, 200, "UP")))
      .compose(v -> get("/metrics"))
      .onSuccess(metrics -> ctx.verify(() -> assertNotFound(metrics)))
      .compose(v -> get("/health/live"))
      .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
        assertNotFound(live);
        ctx.completeNow();
      })));
  }

  private Future<TestResponse> get(String uri) {
    return hub.request("GET", uri, null, null);
  }

  private Future<String> scrape() {
    return get("/metrics").map(response -> response.body().toString());
  }

  private static void assertHealth(TestResponse response, int status, String state) {
    assertEquals(status, response.status(), response.body().toString());
    assertEquals(state, response.json().getString("status"));
  }

  private static void assertNotFound(TestResponse response) {
    assertEquals(404, response.status(), response.body().toString());
    assertEquals("not_found", response.errorCode());
  }
}
