package dev.realtimehub.sync.changes;

import dev.realtimehub.config.HubConfig;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Addresses;
import dev.realtimehub.sync.Backoff;
import dev.realtimehub.sync.PollingWorker;
import dev.realtimehub.sync.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends the change log to HBH-2 as signed webhooks ({@code hbh2.webhook_url}): the changes after the last one HBH-2
 * acknowledged, up to {@code hbh2.batch_size} per {@code POST}, in order, signed like the webhooks HBH-2 sends
 * ({@code X-Hub-Signature: t=…,v1=…}). Each round runs in a transaction that holds the {@code change_forwarding}
 * row, so in a cluster one node sends at a time; the cursor moves only when HBH-2 answers 2xx. A failed request is
 * retried after the sync backoff, with the same changes and more that came since; a node that dies mid-request
 * leaves the cursor where it was. Delivery is therefore at least once, and HBH-2 drops repeats by {@code seq}.
 * Runs as a worker verticle on the {@code hub-sync} pool.
 */
public final class ChangeForwarderVerticle extends PollingWorker {

  private static final Logger log = LoggerFactory.getLogger(ChangeForwarderVerticle.class);

  private final Store store;
  private final ChangeLog changes;
  private final ForwardingCursor cursor;
  private final HubConfig.Hbh2 config;
  private final WebhookSignature signature;
  private final Backoff backoff;
  private final HubMetrics metrics;
  private HttpClient client;

  public ChangeForwarderVerticle(Store store, HubConfig.Hbh2 config, Backoff backoff, HubMetrics metrics,
                                 long pollMs) {
    // Woken with the outbox relay: a transaction that recorded changes has just committed.
    super(Addresses.OUTBOX_WAKE, pollMs);
    this.store = store;
    this.changes = new ChangeLog(store);
    this.cursor = new ForwardingCursor(store);
    this.config = config;
    this.signature = new WebhookSignature(config.webhookSecret(), 0);
    this.backoff = backoff;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(config.timeoutMs()).setKeepAlive(true));
    return super.start();
  }

  @Override
  public Future<?> stop() {
    return super.stop().eventually(() -> client.close());
  }

  /** One batch; {@code true} when it was full, so more may be waiting. */
  @Override
  protected Future<Boolean> round() {
    return store.pool().withTransaction(conn -> cursor.lock(conn).compose(state -> {
      if (state == null || state.nextAttemptAt() > System.currentTimeMillis()) {
        return Future.succeededFuture(false);
      }
      return changes.after(state.deliveredSeq(), config.batchSize())
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(false) : deliver(conn, state, batch));
    }));
  }

  private Future<Boolean> deliver(SqlConnection conn, ForwardingCursor.State state, JsonArray batch) {
    long first = batch.getJsonObject(0).getLong("seq");
    long last = batch.getJsonObject(batch.size() - 1).getLong("seq");
    Buffer body = new JsonObject()
      .put("deliveryId", "changes-" + first + "-" + last)
      .put("changes", batch)
      .put("cursor", last)
      .toBuffer();
    return post(body).transform(sent -> sent.succeeded()
      ? cursor.delivered(conn, last).map(v -> delivered(batch.size(), last))
      : failed(conn, state, first, last, sent.cause()));
  }

  private boolean delivered(int count, long last) {
    metrics.hbh2Webhook("delivered", count);
    log.debug("changes delivered to HBH-2 up to seq={}", last);
    return count == config.batchSize();
  }

  private Future<Boolean> failed(SqlConnection conn, ForwardingCursor.State state, long first, long last,
                                 Throwable cause) {
    int attempt = state.attempts() + 1;
    long delay = backoff.delayMs(attempt, ThreadLocalRandom.current().nextDouble());
    String error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    metrics.hbh2Webhook("failed", last - first + 1);
    log.warn("change webhook to HBH-2 failed seqs={}..{} attempt={} retryInMs={}: {}", first, last, attempt, delay,
      error);
    return cursor.failed(conn, System.currentTimeMillis() + delay, error).map(false);
  }

  private Future<Void> post(Buffer body) {
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setAbsoluteURI(config.webhookUrl())
      .setIdleTimeout(config.timeoutMs())
      .putHeader("Content-Type", "application/json")
      .putHeader(WebhookSignature.HEADER, "t=" + timestamp + ",v1=" + signature.sign(timestamp, body.getBytes()));
    return client.request(options)
      .compose(request -> request.send(body))
      .compose(response -> response.body().compose(ignored -> response.statusCode() / 100 == 2
        ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture("HBH-2 answered " + response.statusCode())))
      .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS);
  }
}
