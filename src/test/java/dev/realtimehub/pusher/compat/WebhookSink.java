package dev.realtimehub.pusher.compat;

import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The app's webhook receiver in a test: an HTTP server that answers 200 and keeps every request as it arrived (raw
 * body, headers with lower-case names), so that the server SDK can verify exactly what the hub sent.
 */
final class WebhookSink {

  /** One webhook request as received. */
  record Received(String method, Map<String, String> headers, String body) {

    JsonObject asJson() {
      return new JsonObject().put("headers", new JsonObject(new TreeMap<>(headers))).put("body", body);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<List<JsonObject>> condition, Promise<Void> promise) {
  }

  private WebhookSink(HttpServer server) {
    this.server = server;
  }

  static Future<WebhookSink> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    WebhookSink sink = new WebhookSink(server);
    server.requestHandler(sink::receive);
    // Below the ephemeral range, as TestHub's ports: the hub's webhook client must never connect to itself.
    return server.listen(TestHub.freePort(), "127.0.0.1").map(listening -> sink);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/pusher/webhooks";
  }

  /** Completes when the events received so far satisfy {@code condition}; fails after {@code seconds}. */
  synchronized Future<Void> until(Predicate<List<JsonObject>> condition, long seconds) {
    if (condition.test(events())) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(condition, promise));
    return promise.future().timeout(seconds, TimeUnit.SECONDS)
      .recover(timeout -> Future.failedFuture(new AssertionError("webhooks did not arrive within " + seconds
        + " s; received: " + events())));
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The events of every request, in arrival order. */
  synchronized List<JsonObject> events() {
    List<JsonObject> events = new ArrayList<>();
    for (Received request : received) {
      JsonArray batch = new JsonObject(request.body()).getJsonArray("events", new JsonArray());
      batch.forEach(event -> events.add((JsonObject) event));
    }
    return events;
  }

  Future<Void> close() {
    return server.close();
  }

  private void receive(HttpServerRequest request) {
    Map<String, String> headers = new TreeMap<>();
    request.headers().forEach(header -> headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
      (a, b) -> a + ", " + b));
    request.body().onSuccess(body -> {
      record(new Received(request.method().name(), headers, body.toString()));
      request.response().setStatusCode(200).end();
    });
  }

  private synchronized void record(Received request) {
    received.add(request);
    List<JsonObject> events = events();
    waiters.removeIf(waiter -> waiter.condition().test(events) && waiter.promise().tryComplete());
  }
}
