package dev.realtimehub.sync.webhook;

import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.sync.InboxRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Stores the webhooks one gateway event loop accepts. At most {@link #MAX_IN_FLIGHT} inserts are out at a time;
 * webhooks that arrive meanwhile wait and then go together, up to {@link #MAX_ROWS} in one statement and one
 * commit. At a low rate each webhook is inserted alone and at once; under load the commits per second stay
 * near {@code MAX_IN_FLIGHT} per round trip instead of one per webhook, which is what PostgreSQL spends most on.
 * A webhook still waiting when its answer is already due is not sent (its caller has answered 503 by then).
 * Not thread-safe: used on one event loop.
 */
final class InboxWriter {

  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_ROWS = 128;

  private final InboxRepository inbox;
  private final HubMetrics metrics;
  private final long timeoutNanos;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;

  InboxWriter(InboxRepository inbox, HubMetrics metrics, long timeoutMs) {
    this.inbox = inbox;
    this.metrics = metrics;
    this.timeoutNanos = timeoutMs * 1_000_000;
  }

  /** Completes with {@code true} once the webhook is committed, {@code false} if its event id was stored before. */
  Future<Boolean> accept(String source, String eventId, String payload, long nowMs) {
    Promise<Boolean> stored = Promise.promise();
    waiting.add(new Waiting(new InboxRepository.Webhook(source, eventId, payload, nowMs), stored,
      System.nanoTime() + timeoutNanos));
    if (inFlight < MAX_IN_FLIGHT) {
      send();
    }
    return stored.future();
  }

  private void send() {
    List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), MAX_ROWS));
    long now = System.nanoTime();
    while (!waiting.isEmpty() && batch.size() < MAX_ROWS) {
      Waiting next = waiting.poll();
      if (now - next.deadlineNanos > 0) {
        next.stored.fail(new TimeoutException("webhook waited too long for the store"));
      } else {
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight++;
    metrics.webhookInsert(batch.size());
    inbox.acceptAll(batch.stream().map(Waiting::webhook).toList()).onComplete(outcome -> {
      inFlight--;
      for (int i = 0; i < batch.size(); i++) {
        if (outcome.succeeded()) {
          batch.get(i).stored.complete(outcome.result().get(i));
        } else {
          batch.get(i).stored.fail(outcome.cause());
        }
      }
      if (!waiting.isEmpty()) {
        send();
      }
    });
  }

  private record Waiting(InboxRepository.Webhook webhook, Promise<Boolean> stored, long deadlineNanos) {
  }
}
