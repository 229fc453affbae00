package dev.realtimehub.support;

import dev.realtimehub.pusher.PusherSigner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * A webhook endpoint on a real HTTP server: checks every request's key and signature against the app's secret,
 * answers with the statuses it is told to (200 once they run out), and hands out the events of the accepted
 * requests in order.
 */
public final class WebhookReceiver {

  /** One POST as received. */
  public record Delivery(int status, boolean signatureValid, String key, String contentType, JsonObject body) {
  }

  private final PusherSigner signer;
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Deque<JsonObject> events = new ArrayDeque<>();
  private final Deque<Promise<JsonObject>> waiting = new ArrayDeque<>();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private HttpServer server;

  public WebhookReceiver(String key, String secret) {
    this.signer = new PusherSigner(key, secret);
  }

  public Future<WebhookReceiver> start(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").map(s -> {
      server = s;
      return this;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/pusher/webhooks";
  }

  /** The next requests are answered with these statuses, in order. */
  public synchronized void answer(Integer... next) {
    statuses.addAll(List.of(next));
  }

  /** Leaves requests unanswered (the hub's request stays in flight) until {@link #release}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Answers the held requests and stops holding. */
  public void release() {
    List<Runnable> answers;
    synchronized (this) {
      holding = false;
      answers = List.copyOf(held);
      held.clear();
    }
    answers.forEach(Runnable::run);
  }

  /** Requests received and not answered yet. */
  public synchronized int heldCount() {
    return held.size();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      synchronized (this) {
        if (holding) {
          held.add(() -> respond(request, body));
          return;
        }
      }
      respond(request, body);
    });
  }

  private void respond(HttpServerRequest request, Buffer body) {
    String signature = request.getHeader("X-Pusher-Signature");
    boolean valid = signature != null && PusherSigner.constantTimeEquals(signature,
      signer.webhookSignature(body.getBytes()));
    int status;
    synchronized (this) {
      Integer next = statuses.poll();
      status = next == null ? 200 : next;
      deliveries.add(new Delivery(status, valid, request.getHeader("X-Pusher-Key"),
        request.getHeader("Content-Type"), body.toJsonObject()));
      if (status == 200) {
        body.toJsonObject().getJsonArray("events").forEach(event -> offer((JsonObject) event));
      }
    }
    request.response().setStatusCode(status).end();
  }

  private void offer(JsonObject event) {
    Promise<JsonObject> promise = waiting.poll();
    if (promise != null) {
      promise.complete(event);
    } else {
      events.add(event);
    }
  }

  /** The next event of an accepted delivery. */
  public synchronized Future<JsonObject> next() {
    JsonObject event = events.poll();
    if (event != null) {
      return Future.succeededFuture(event);
    }
    Promise<JsonObject> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  /** The next accepted event matching {@code match}, skipping others. */
  public Future<JsonObject> next(Predicate<JsonObject> match) {
    return next().compose(event -> match.test(event) ? Future.succeededFuture(event) : next(match));
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
