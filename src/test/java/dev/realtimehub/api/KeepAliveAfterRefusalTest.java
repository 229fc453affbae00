package dev.realtimehub.api;

import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request refused before its body was read (no API key, unknown route) must not stall the next request
 * on the same kept-alive connection: one pooled connection, refusal first, then a good request.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class KeepAliveAfterRefusalTest {

  private TestHub hub;
  private HttpClient single;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    single = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(hub.port())
      .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
  }

  @AfterEach
  void stop() {
    single.close().await();
    hub.close().await();
  }

  private Future<Integer> post(String uri, String apiKey) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
      .putHeader("Content-Type", "application/json");
    if (apiKey != null) {
      options.putHeader("Authorization", "Bearer " + apiKey);
    }
    String body = "{\"channel\":\"public.k\",\"event\":\"e\",\"data\":\"" + "x".repeat(20_000) + "\"}";
    return single.request(options)
      .compose(request -> request.send(Buffer.buffer(body)))
      .compose(response -> response.body().map(b -> response.statusCode()));
  }

  @Test
  void aRefusedRequestWithABodyDoesNotStallTheNextOnTheSameConnection(VertxTestContext ctx) {
    post("/api/publish", null)
      .onSuccess(status -> ctx.verify(() -> assertEquals(401, status)))
      .compose(v -> post("/api/nowhere", TestHub.API_KEY))
      .onSuccess(status -> ctx.verify(() -> assertEquals(404, status)))
      .compose(v -> post("/api/publish", TestHub.API_KEY))
      .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
        assertEquals(200, status);
        ctx.completeNow();
      })));
  }
}
