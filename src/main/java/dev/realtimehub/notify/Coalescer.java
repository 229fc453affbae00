package dev.realtimehub.notify;

import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Debounced publishing for channel types that declare {@code debounce_ms}: rapid messages on one channel
 * with the same coalescing key (the event name unless the publisher gives {@code key}) are replaced by the
 * latest, which is published once the window closes, or after {@code notify.debounce_max_wait_ms} at the
 * latest. One timer per pending key, not per message. Thread-safe.
 */
public final class Coalescer {

  private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

  private final Vertx vertx;
  private final Hub hub;
  private final HubMetrics metrics;
  private final long maxWaitNanos;
  private final Debouncer<Publication> debouncer = new Debouncer<>();

  public Coalescer(Vertx vertx, Hub hub, HubMetrics metrics, long maxWaitMs) {
    this.vertx = vertx;
    this.hub = hub;
    this.metrics = metrics;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    metrics.gauge("hub_debounce_pending", "Debounced messages waiting for their window to close", debouncer::size);
  }

  /** Whether messages of this type are debounced. */
  public static boolean debounces(ChannelType type) {
    return type.options().debounceMs() > 0;
  }

  /** Queues the publication under its key; the latest one of a burst is published when the window closes. */
  public void offer(Publication publication, ChannelType type, String key) {
    String slot = publication.channel().value() + '\n' + (key == null ? publication.event() : key);
    long window = TimeUnit.MILLISECONDS.toNanos(type.options().debounceMs());
    if (debouncer.offer(slot, publication, window, maxWaitNanos, System.nanoTime()) == Debouncer.Offer.FIRST) {
      schedule(slot, window);
    }
  }

  private void schedule(String slot, long delayNanos) {
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> fire(slot));
  }

  private void fire(String slot) {
    long now = System.nanoTime();
    Debouncer.Flush<Publication> flush = debouncer.takeIfDue(slot, now);
    if (flush == null) {
      long due = debouncer.due(slot);
      if (due >= 0) {
        schedule(slot, due - now);
      }
      return;
    }
    if (flush.coalesced() > 0) {
      metrics.coalesced(flush.coalesced());
    }
    hub.publish(flush.value(), "api")
      .onFailure(e -> log.warn("debounced publish failed channel={}: {}", flush.value().channel(), e.toString()));
  }
}
