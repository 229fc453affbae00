package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.sync.Addresses;
import dev.realtimehub.sync.InboxRepository;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /api/shared/sync/{source}}: signature over the raw body first, then JSON, then the envelope and
 * items, then the inbox insert ({@link InboxWriter}: webhooks that arrive together share one). {@code 202} is
 * answered only after that insert committed; the same event id again answers {@code 200 {"duplicate":true}}
 * and changes nothing; a store that fails or does not answer in time gives {@code 503} with {@code Retry-After},
 * so the sender retries. One handler per gateway event loop.
 */
public final class WebhookHandler {

  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final Vertx vertx;
  private final WebhookSignature signature;
  private final InboxWriter inbox;
  private final int maxItems;
  private final long timeoutMs;
  private final HubMetrics metrics;
  /** A wake-up of the inbox workers is on its way: the webhooks answered before it goes share it. */
  private final AtomicBoolean wakePending = new AtomicBoolean();

  public WebhookHandler(Vertx vertx, WebhookSignature signature, InboxRepository inbox, int maxItems,
                        long timeoutMs, HubMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.signature = signature;
    this.inbox = new InboxWriter(inbox, metrics, timeoutMs);
    this.maxItems = maxItems;
    this.timeoutMs = timeoutMs;
  }

  public void handle(RoutingContext rc) {
    Source source;
    WebhookEnvelope envelope;
    Buffer raw = rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer();
    try {
      source = Source.parse(rc.pathParam("source"));
    } catch (HubException e) {
      refuse(rc, "unknown", e);
      return;
    }
    try {
      signature.verify(rc.request().getHeader(WebhookSignature.HEADER), raw.getBytes(),
        System.currentTimeMillis() / 1000);
      envelope = WebhookEnvelope.parse(raw, source, maxItems);
    } catch (HubException e) {
      refuse(rc, source.wire(), e);
      return;
    }
    inbox.accept(source.wire(), envelope.eventId(), raw.toString(), System.currentTimeMillis())
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .onSuccess(accepted -> answer(rc, source, envelope, accepted))
      .onFailure(e -> unavailable(rc, source, envelope, e));
  }

  private void refuse(RoutingContext rc, String source, HubException e) {
    metrics.webhook(source, e.code().name().toLowerCase(Locale.ROOT));
    rc.fail(e);
  }

  private void answer(RoutingContext rc, Source source, WebhookEnvelope envelope, boolean accepted) {
    metrics.webhook(source.wire(), accepted ? "accepted" : "duplicate");
    if (accepted) {
      wakeWorkers();
    }
    JsonObject body = new JsonObject().put("eventId", envelope.eventId());
    rc.response()
      .setStatusCode(accepted ? 202 : 200)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end((accepted ? body.put("accepted", true) : body.put("duplicate", true)).encode());
  }

  /**
   * Wakes the inbox workers once for the webhooks answered in the same turn of the event loop: the wake-up goes
   * after them, as a task of this loop, instead of one event-bus message (and one worker thread hand-off) each. A
   * webhook answered while one is pending is committed before that one goes, so no webhook waits for a poll.
   */
  private void wakeWorkers() {
    if (wakePending.compareAndSet(false, true)) {
      vertx.runOnContext(v -> {
        wakePending.set(false);
        vertx.eventBus().publish(Addresses.INBOX_WAKE, "", new DeliveryOptions().setLocalOnly(true));
      });
    }
  }

  private void unavailable(RoutingContext rc, Source source, WebhookEnvelope envelope, Throwable e) {
    metrics.webhook(source.wire(), "unavailable");
    log.warn("webhook not stored source={} eventId={}: {}", source.wire(),
      envelope.eventId().replaceAll("\\p{Cntrl}", "?"), e.toString());
    rc.fail(HubException.of(HubErrorCode.UNAVAILABLE, "the store is unavailable: retry later"));
  }
}
