package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A native-protocol client for tests: frames received are queued and handed out in order by
 * {@link #next()}, so a test reads the conversation as it happened. Thread-safe: tests call {@code next()}
 * from the JUnit thread (through {@code await()}) while frames arrive on an event loop.
 */
public final class TestSocket {

  private final WebSocket ws;
  private final Deque<JsonObject> received = new ArrayDeque<>();
  private final Deque<Promise<JsonObject>> waiting = new ArrayDeque<>();
  private final Promise<Short> closed = Promise.promise();
  private int nextId = 1;

  private TestSocket(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> offer(new JsonObject(text)));
    ws.closeHandler(v -> onClose());
  }

  private synchronized void onClose() {
    closed.tryComplete(ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode());
    waiting.forEach(p -> p.tryFail("connection closed with " + ws.closeStatusCode() + " " + ws.closeReason()));
    waiting.clear();
  }

  static Future<TestSocket> connect(Vertx vertx, WebSocketClient client, String uri, Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setURI(uri);
    headers.forEach(options::addHeader);
    return OnVertx.call(vertx, () -> client.connect(options).map(TestSocket::new));
  }

  private synchronized void offer(JsonObject frame) {
    Promise<JsonObject> promise = waiting.poll();
    if (promise != null) {
      promise.complete(frame);
    } else {
      received.add(frame);
    }
  }

  public WebSocket raw() {
    return ws;
  }

  /** The next frame received, in order. */
  public synchronized Future<JsonObject> next() {
    JsonObject frame = received.poll();
    if (frame != null) {
      return Future.succeededFuture(frame);
    }
    if (ws.isClosed()) {
      return Future.failedFuture("connection closed with " + ws.closeStatusCode());
    }
    Promise<JsonObject> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  /** Skips frames until one matches. */
  public Future<JsonObject> next(Predicate<JsonObject> match) {
    return next().compose(frame -> match.test(frame) ? Future.succeededFuture(frame) : next(match));
  }

  public Future<JsonObject> nextOfType(String type) {
    return next(frame -> type.equals(frame.getString("type")));
  }

  /** Frames already received and not yet read. */
  public synchronized int pending() {
    return received.size();
  }

  public Future<Void> send(JsonObject frame) {
    return ws.writeTextMessage(frame.encode());
  }

  public Future<Void> sendText(String text) {
    return ws.writeTextMessage(text);
  }

  public Future<Void> sendBinary(Buffer data) {
    return ws.writeBinaryMessage(data);
  }

  /** Sends a request frame with a fresh id and returns the reply carrying that id. */
  public Future<JsonObject> request(JsonObject frame) {
    int id = nextId++;
    return send(frame.copy().put("id", id)).compose(v -> next(reply -> Integer.valueOf(id).equals(reply.getValue("id"))));
  }

  public Future<JsonObject> subscribe(String channel) {
    return request(new JsonObject().put("type", "subscribe").put("channel", channel));
  }

  /** Completes with the close status code the hub sent (1006 when the TCP connection just dropped). */
  public Future<Short> closed() {
    return closed.future();
  }

  public String closeReason() {
    return ws.closeReason();
  }

  public Future<Void> close() {
    return ws.close();
  }
}
