package dev.realtimehub.pusher.webhook;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The webhook deliveries of one app: events wait at most the batch window, go out in batches of at most the batch
 * size, one request at a time (so the receiver sees them in order), and a failed batch is retried with exponential
 * backoff and jitter until the retry period is over. The queue is bounded: when the receiver stays down, the oldest
 * events are dropped and counted. State is confined to one context; {@link #add} may be called from any thread.
 */
final class WebhookQueue {

  private static final Logger log = LoggerFactory.getLogger(WebhookQueue.class);
  static final long FIRST_RETRY_MS = 500;
  static final long MAX_RETRY_MS = 60_000;

  /** How the queue behaves; times in milliseconds. */
  record Limits(long batchMs, int maxBatch, int maxQueue, long retryMs, long timeoutMs) {
  }

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final PusherApp app;
  private final Limits limits;
  private final HubMetrics metrics;
  private final Deque<JsonObject> pending = new ArrayDeque<>();
  private volatile int size;
  private boolean sending;
  private long timer = -1;

  WebhookQueue(Vertx vertx, Context context, HttpClient client, PusherApp app, Limits limits, HubMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.app = app;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** Events waiting for a batch (the one in flight not counted). */
  int size() {
    return size;
  }

  void add(JsonObject event) {
    context.runOnContext(v -> enqueue(event));
  }

  private void enqueue(JsonObject event) {
    if (pending.size() >= limits.maxQueue()) {
      pending.pollFirst();
      metrics.webhookEvents("dropped_queue_full", 1);
    }
    pending.addLast(event);
    metrics.webhookEvents("queued", 1);
    size = pending.size();
    schedule();
  }

  private void schedule() {
    if (sending || pending.isEmpty()) {
      return;
    }
    if (pending.size() >= limits.maxBatch() || limits.batchMs() <= 0) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      sendBatch();
    } else if (timer < 0) {
      timer = vertx.setTimer(limits.batchMs(), id -> {
        timer = -1;
        sendBatch();
      });
    }
  }

  private void sendBatch() {
    if (sending || pending.isEmpty()) {
      return;
    }
    List<JsonObject> batch = new ArrayList<>();
    while (batch.size() < limits.maxBatch() && !pending.isEmpty()) {
      batch.add(pending.pollFirst());
    }
    sending = true;
    size = pending.size();
    Buffer body = new JsonObject().put("time_ms", System.currentTimeMillis()).put("events", new JsonArray(
      new ArrayList<>(batch))).toBuffer();
    attempt(body, batch.size(), System.currentTimeMillis(), 0);
  }

  private void attempt(Buffer body, int events, long firstAttemptMs, int retries) {
    post(body).onComplete(result -> {
      if (result.succeeded()) {
        metrics.webhookRequest("delivered");
        metrics.webhookEvents("delivered", events);
        done();
        return;
      }
      metrics.webhookRequest("failed");
      long delay = backoff(retries);
      if (System.currentTimeMillis() + delay - firstAttemptMs > limits.retryMs()) {
        metrics.webhookEvents("dropped_expired", events);
        log.warn("webhook batch dropped after {} attempts app={} events={}: {}", retries + 1, app.id(), events,
          result.cause().getMessage());
        done();
        return;
      }
      metrics.webhookRetry();
      log.debug("webhook attempt failed app={} retry in {} ms: {}", app.id(), delay, result.cause().getMessage());
      vertx.setTimer(delay, id -> attempt(body, events, firstAttemptMs, retries + 1));
    });
  }

  private void done() {
    sending = false;
    size = pending.size();
    schedule();
  }

  /** Exponential backoff with jitter: between half and all of {@code FIRST_RETRY_MS * 2^retries}, capped. */
  static long backoff(int retries) {
    long ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(retries, 20));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private Future<Void> post(Buffer body) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setAbsoluteURI(app.settings().webhookUrl())
      .setIdleTimeout(limits.timeoutMs())
      .putHeader("Content-Type", "application/json")
      .putHeader("X-Pusher-Key", app.key())
      .putHeader("X-Pusher-Signature", app.signer().webhookSignature(body.getBytes()));
    return client.request(options)
      .compose(request -> request.send(body))
      .compose(response -> response.body().compose(ignored -> response.statusCode() / 100 == 2
        ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture("receiver answered " + response.statusCode())))
      .timeout(limits.timeoutMs(), TimeUnit.MILLISECONDS);
  }
}
