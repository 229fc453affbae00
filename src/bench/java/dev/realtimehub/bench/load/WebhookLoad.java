package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed HBH-2 webhooks at a fixed rate (one investment of user {@code bench} each, its send time in
 * {@code propertyId}), with one WebSocket subscriber on {@code user.bench} that times each resulting
 * {@code investment.recorded}: acknowledgement latency and webhook-to-client latency of the same events.
 */
public final class WebhookLoad {

  /** What one step did. */
  public record Outcome(long attempted, long accepted, Histogram ackMicros, Histogram deliveryMicros) {
  }

  private static final long REQUEST_TIMEOUT_MS = 10_000;
  private volatile long stepStart = Long.MAX_VALUE;

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final byte[] secret;
  private final HttpClient client;
  private final AtomicLong nextEvent = new AtomicLong();
  private volatile Histogram deliveries = new Histogram(3);
  private WebSocket socket;
  /** Held for the run: Vert.x closes a client that becomes unreachable, and its connections with it. */
  private final WebSocketClient wsClient;
  private volatile boolean closing;

  public WebhookLoad(Vertx vertx, Endpoint endpoint, String secret) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
      .with(new PoolOptions().setHttp1MaxSize(64))
      .build();
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setLocalAddress(endpoint.sourceAddresses().isEmpty() ? null : endpoint.sourceAddresses().get(0))
      .setTryUsePerMessageCompression(false)
      .setTryUsePerFrameCompression(false)
      .setConnectTimeout(10_000)
      .setMaxFrameSize(1 << 20)
      .setMaxMessageSize(1 << 20));
  }

  /**
   * Connects the subscriber of {@code user.bench}, trying up to five times: the first WebSocket connection to a
   * hub just started was seen closed before its upgrade answer.
   */
  public Future<Void> subscribe() {
    return subscribe(5);
  }

  private Future<Void> subscribe(int attempts) {
    return connect().recover(failure -> {
      if (attempts <= 1) {
        return Future.failedFuture(failure);
      }
      Promise<Void> retried = Promise.promise();
      vertx.setTimer(200, id -> subscribe(attempts - 1).onComplete(retried));
      return retried.future();
    });
  }

  private Future<Void> connect() {
    return wsClient.connect(new WebSocketConnectOptions().setHost(Endpoint.HOST).setPort(endpoint.publishPort())
        .setURI(endpoint.wsUri()))
      .compose(opened -> {
        socket = opened;
        opened.textMessageHandler(this::received);
        // A subscriber the hub closed would look like a pipeline that stopped delivering: say so.
        opened.closeHandler(v -> {
          if (!closing) {
            System.err.printf("  %tT the user.bench subscriber was closed: %s %s%n", System.currentTimeMillis(),
              opened.closeStatusCode(), opened.closeReason());
          }
        });
        return opened.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", 1)
          .put("channel", "user.bench").encode());
      });
  }

  private void received(String text) {
    JsonObject frame = new JsonObject(text);
    if ("investment.recorded".equals(frame.getString("event"))) {
      String property = frame.getJsonObject("data").getString("propertyId", "");
      long sent = property.startsWith("t") ? Long.parseLong(property.substring(1)) : Long.MIN_VALUE;
      // A late delivery of an earlier step is not this step's.
      if (sent >= stepStart) {
        deliveries.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
      }
    }
  }

  /** Sends {@code rate} webhooks a second for {@code seconds}, then waits up to {@code settleMs} for deliveries. */
  public Future<Outcome> run(double rate, double seconds, long settleMs) {
    deliveries = new Histogram(3);
    stepStart = System.nanoTime();
    long total = Math.max(1, Math.round(rate * seconds));
    Histogram acks = new Histogram(3);
    long[] counts = new long[3];
    Promise<Void> sent = Promise.promise();
    long start = System.nanoTime();
    tick(total, start, rate, counts, acks, sent);
    return sent.future()
      .compose(v -> settle(counts[1], System.currentTimeMillis() + settleMs))
      .map(v -> new Outcome(total, counts[1], acks, deliveries));
  }

  private void tick(long total, long start, double rate, long[] counts, Histogram acks, Promise<Void> done) {
    long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
    while (counts[0] < due) {
      counts[0]++;
      send(total, counts, acks, done);
    }
    if (counts[0] < total) {
      vertx.setTimer(1, id -> tick(total, start, rate, counts, acks, done));
    }
  }

  private void send(long total, long[] counts, Histogram acks, Promise<Void> done) {
    long sent = System.nanoTime();
    String body = new JsonObject()
      .put("eventId", "bench-" + sent + "-" + nextEvent.incrementAndGet())
      .put("occurredAt", "2026-01-01T00:00:00Z")
      .put("items", new JsonArray().add(new JsonObject()
        .put("id", "inv-" + sent + "-" + nextEvent.get())
        .put("groupId", "g" + (nextEvent.get() % 64))
        .put("userId", "bench")
        .put("propertyId", "t" + sent)
        .put("amount", 1)
        .put("occurredAt", "2026-01-01T00:00:00Z")))
      .encode();
    long timestamp = System.currentTimeMillis() / 1000;
    client.request(new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(Endpoint.HOST)
        .setPort(endpoint.publishPort())
        .setURI("/api/shared/sync/investments")
        .setTimeout(REQUEST_TIMEOUT_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Hub-Signature", "t=" + timestamp + ",v1=" + sign(timestamp, body)))
      .compose(request -> request.send(body))
      .compose(response -> response.body().map(b -> response.statusCode()))
      .onComplete(result -> {
        acks.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
        if (result.succeeded() && result.result() == 202) {
          counts[1]++;
        } else {
          counts[2]++;
        }
        if (counts[1] + counts[2] == total) {
          done.complete();
        }
      });
  }

  private Future<Void> settle(long accepted, long deadline) {
    if (deliveries.getTotalCount() >= accepted || System.currentTimeMillis() > deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(100, id -> settle(accepted, deadline).onComplete(later));
    return later.future();
  }

  private String sign(long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Future<Void> close() {
    closing = true;
    return Future.join(socket == null ? Future.succeededFuture() : socket.close(), client.close(), wsClient.close())
      .mapEmpty();
  }
}
