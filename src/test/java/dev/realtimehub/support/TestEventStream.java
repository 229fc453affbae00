package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * An EventSource-like SSE client for tests: parses the stream into events (comments are counted, not
 * returned) and hands them out in order.
 */
public final class TestEventStream {

  /** One event; {@code name} is {@code message} when the stream gave no {@code event:} field. */
  public record Event(String name, String id, String data) {
  }

  private final HttpClientResponse response;
  private final Deque<Event> received = new ArrayDeque<>();
  private final Deque<Promise<Event>> waiting = new ArrayDeque<>();
  private final Promise<Void> ended = Promise.promise();
  private final StringBuilder pendingText = new StringBuilder();
  private int comments;

  private TestEventStream(HttpClientResponse response) {
    this.response = response;
    response.handler(this::onBytes);
    response.endHandler(v -> finish());
    response.exceptionHandler(e -> finish());
  }

  static Future<TestEventStream> open(Vertx vertx, HttpClient client, String uri, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri)
      .putHeader("Accept", "text/event-stream");
    headers.forEach(options::putHeader);
    return OnVertx.call(vertx, () -> client.request(options).compose(request -> request.send())
      .map(TestEventStream::new));
  }

  public HttpClientResponse response() {
    return response;
  }

  public int status() {
    return response.statusCode();
  }

  public synchronized int comments() {
    return comments;
  }

  private synchronized void finish() {
    ended.tryComplete();
    waiting.forEach(p -> p.tryFail("stream ended"));
    waiting.clear();
  }

  private synchronized void onBytes(Buffer bytes) {
    pendingText.append(bytes.toString());
    int end;
    while ((end = pendingText.indexOf("\n\n")) >= 0) {
      String block = pendingText.substring(0, end);
      pendingText.delete(0, end + 2);
      parse(block);
    }
  }

  private void parse(String block) {
    String name = "message";
    String id = null;
    StringBuilder data = null;
    boolean any = false;
    for (String line : block.split("\n")) {
      if (line.startsWith(":")) {
        comments++;
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
        any = true;
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        any = true;
      }
    }
    if (any) {
      offer(new Event(name, id, data == null ? "" : data.toString()));
    }
  }

  private synchronized void offer(Event event) {
    Promise<Event> promise = waiting.poll();
    if (promise != null) {
      promise.complete(event);
    } else {
      received.add(event);
    }
  }

  public synchronized Future<Event> next() {
    Event event = received.poll();
    if (event != null) {
      return Future.succeededFuture(event);
    }
    if (ended.future().isComplete()) {
      return Future.failedFuture("stream ended");
    }
    Promise<Event> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  public Future<Event> next(String name) {
    return next().compose(event -> name.equals(event.name()) ? Future.succeededFuture(event) : next(name));
  }

  public Future<Void> ended() {
    return ended.future();
  }

  public Future<Void> close() {
    return response.request().connection().close();
  }
}
