package dev.realtimehub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter of the hub, named {@code hub_*}. Tags have a small fixed set of values (protocol, source,
 * reason, code): never a channel, user or connection id. Thread-safe.
 */
public final class HubMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> connections = new ConcurrentHashMap<>();
  private final AtomicLong subscriptions = new AtomicLong();
  private final Timer deliveryLatency;
  private final DistributionSummary inboxInsertRows;
  private final Counter syncRedone;
  // Counted per message, request, webhook or sync event: built once rather than looked up in the registry on every
  // count.
  private final TaggedCounter published;
  private final TaggedCounter delivered;
  private final TaggedCounter dropped;
  private final TaggedCounter signals;
  private final TaggedCounter apiRequests;
  private final TaggedCounter syncWebhooks;
  private final TaggedCounter syncEvents;
  private final TaggedCounter syncRelayed;

  /** A counter per value of its tags (one or two), registered on first use. */
  private final class TaggedCounter {
    private final Map<String, Counter> byValue = new ConcurrentHashMap<>();
    private final String name;
    private final String description;
    private final String[] tags;

    TaggedCounter(String name, String description, String... tags) {
      this.name = name;
      this.description = description;
      this.tags = tags;
    }

    Counter of(String value) {
      return byValue.computeIfAbsent(value, this::register);
    }

    /** For two tags; counted per webhook or sync event, not per frame, so the joined key costs nothing that shows. */
    Counter of(String first, String second) {
      return byValue.computeIfAbsent(first + '\u0000' + second, key -> register(first, second));
    }

    private Counter register(String... values) {
      Counter.Builder builder = Counter.builder(name).description(description);
      for (int i = 0; i < tags.length; i++) {
        builder.tag(tags[i], values[i]);
      }
      return builder.register(registry);
    }
  }

  public HubMetrics(MeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("hub_subscriptions", subscriptions, AtomicLong::get)
      .description("Channel subscriptions held by connections on this node")
      .register(registry);
    this.deliveryLatency = Timer.builder("hub_delivery_latency")
      .description("Time from the hub accepting a message to writing it to the subscribers of one event loop")
      .publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
    this.published = new TaggedCounter("hub_messages_published_total", null, "source");
    this.delivered = new TaggedCounter("hub_messages_delivered_total", null, "protocol");
    this.dropped = new TaggedCounter("hub_messages_dropped_total", null, "reason");
    this.signals = new TaggedCounter("hub_signals_total", "Presence, typing and read signals sent", "kind");
    this.apiRequests = new TaggedCounter("hub_api_requests_total", null, "outcome");
    this.syncWebhooks = new TaggedCounter("hub_sync_webhooks_total", "HBH-2 webhooks answered at ingress", "source",
      "outcome");
    this.syncEvents = new TaggedCounter("hub_sync_events_total", "Inbox events settled by the sync workers", "source",
      "outcome");
    this.syncRelayed = new TaggedCounter("hub_sync_relayed_total",
      "Outbox rows of the sync pipelines handed to the hub", "mode");
    this.syncRedone = Counter.builder("hub_sync_events_redone_total")
      .description("Inbox events taken again with savepoints after a transaction without them was rolled back")
      .register(registry);
    this.inboxInsertRows = DistributionSummary.builder("hub_webhook_insert_rows")
      .description("Webhooks stored per inbox insert (those that arrived while earlier inserts were in flight)")
      .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Registers a gauge read from {@code value}. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  private AtomicLong connectionGauge(String protocol) {
    return connections.computeIfAbsent(protocol, p -> {
      AtomicLong gauge = new AtomicLong();
      Gauge.builder("hub_connections", gauge, AtomicLong::get)
        .description("Open client connections")
        .tag("protocol", p)
        .register(registry);
      return gauge;
    });
  }

  public void connectionOpened(String protocol) {
    connectionGauge(protocol).incrementAndGet();
  }

  /** Counts a new connection only while fewer than {@code max} are open; atomic, so bursts cannot overshoot. */
  public boolean tryConnectionOpened(String protocol, long max) {
    AtomicLong gauge = connectionGauge(protocol);
    long current;
    do {
      current = gauge.get();
      if (current >= max) {
        return false;
      }
    } while (!gauge.compareAndSet(current, current + 1));
    return true;
  }

  public void connectionClosed(String protocol) {
    connectionGauge(protocol).decrementAndGet();
  }

  public long connections(String protocol) {
    return connectionGauge(protocol).get();
  }

  public void connectionRejected(String reason) {
    Counter.builder("hub_connections_rejected_total").tag("reason", reason).register(registry).increment();
  }

  public void connectionClosedBy(int code) {
    Counter.builder("hub_disconnects_total").tag("code", Integer.toString(code)).register(registry).increment();
  }

  public void subscriptionAdded() {
    subscriptions.incrementAndGet();
  }

  public void subscriptionRemoved() {
    subscriptions.decrementAndGet();
  }

  public void published(String source) {
    published.of(source).increment();
  }

  public void delivered(String protocol, int count) {
    delivered.of(protocol).increment(count);
  }

  public void dropped(String reason) {
    dropped.of(reason).increment();
  }

  public void signal(String kind) {
    signals.of(kind).increment();
  }

  public void coalesced(int count) {
    Counter.builder("hub_messages_coalesced_total").description("Messages replaced by a later one while debounced")
      .register(registry).increment(count);
  }

  /**
   * Inbox events settled by a worker transaction: {@code applied}, {@code retry} (failed, to be tried again),
   * {@code dead} (dead-lettered) or {@code deferred} (waited too long for another worker's row lock; taken again
   * in the next transaction without counting an attempt).
   */
  public void syncEvents(String source, String outcome, int count) {
    syncEvents.of(source, outcome).increment(count);
  }

  /** One committed inbox worker transaction and the events it claimed. */
  public void syncTransaction(long nanos, int events) {
    Timer.builder("hub_sync_transaction_seconds").description("Inbox worker transactions, claim to commit")
      .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    DistributionSummary.builder("hub_sync_transaction_events").description("Inbox events claimed per transaction")
      .register(registry).record(events);
  }

  /** A run of consecutive events of one source that its pipeline applied in one call. */
  public void syncAppliedTogether(String source, int events) {
    DistributionSummary.builder("hub_sync_applied_together_events")
      .description("Consecutive inbox events of one source applied by one pipeline call")
      .tag("source", source).register(registry).record(events);
  }

  /** Changes sent to HBH-2 in a change webhook: {@code delivered} (2xx) or {@code failed} (to be sent again). */
  public void hbh2Webhook(String outcome, long changes) {
    Counter.builder("hub_hbh2_changes_total").description("Changes sent to HBH-2 in signed change webhooks")
      .tag("outcome", outcome).register(registry).increment(changes);
  }

  /** Rows of the sync store deleted after their retention ({@code inbox}, {@code user_notification}). */
  public void syncPruned(String table, int rows) {
    Counter.builder("hub_sync_pruned_rows_total").description("Sync store rows deleted after their retention")
      .tag("table", table).register(registry).increment(rows);
  }

  /** A webhook answered at ingress: {@code accepted}, {@code duplicate}, or the refusal's HTTP status. */
  public void webhook(String source, String outcome) {
    syncWebhooks.of(source, outcome).increment();
  }

  /** Events of a worker transaction without savepoints that failed and was rolled back, to be applied again. */
  public void syncRedone(int events) {
    syncRedone.increment(events);
  }

  /** One inbox insert of webhooks and the number of rows it carried. */
  public void webhookInsert(int rows) {
    inboxInsertRows.record(rows);
  }

  /** An outbox row handed on by the relay: {@code published} at once or {@code debounced} through the coalescer. */
  public void syncRelayed(String mode) {
    syncRelayed.of(mode).increment();
  }

  public void brokerReconnect() {
    Counter.builder("hub_broker_reconnects_total").description("Times the broker subscriber connection was lost")
      .register(registry).increment();
  }

  /** A gap in a channel's offsets seen by the broker: {@code detected}, {@code recovered} or {@code lost}. */
  public void brokerGap(String outcome) {
    Counter.builder("hub_broker_gaps_total").description("Offset gaps between the broker and this node")
      .tag("outcome", outcome).register(registry).increment();
  }

  public void clientError(String reason) {
    Counter.builder("hub_client_errors_total").tag("reason", reason).register(registry).increment();
  }

  public void apiRequest(String outcome) {
    apiRequests.of(outcome).increment();
  }

  /** A Pusher client event: {@code accepted}, {@code refused} or {@code rate_limited}. */
  public void pusherClientEvent(String outcome) {
    Counter.builder("hub_pusher_client_events_total").description("Pusher client events by outcome")
      .tag("outcome", outcome).register(registry).increment();
  }

  /** A Pusher subscription refused with {@code pusher:subscription_error}, by its status. */
  public void pusherSubscriptionError(int status) {
    Counter.builder("hub_pusher_subscription_errors_total").description("Refused Pusher subscriptions")
      .tag("status", Integer.toString(status)).register(registry).increment();
  }

  /** A Pusher {@code pusher:signin}: {@code ok} or {@code refused}. */
  public void pusherSignin(String outcome) {
    Counter.builder("hub_pusher_signins_total").description("Pusher user sign-ins by outcome")
      .tag("outcome", outcome).register(registry).increment();
  }

  /** A request to {@code /pusher/auth} or {@code /pusher/user-auth}, by endpoint and HTTP status. */
  public void pusherAuth(String endpoint, int status) {
    Counter.builder("hub_pusher_auth_requests_total").description("Pusher auth endpoint requests")
      .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
  }

  /** A request of the Pusher HTTP API: {@code accepted}, or why it was refused ({@code unauthorized}, …). */
  public void pusherApiRequest(String outcome) {
    Counter.builder("hub_pusher_api_requests_total").description("Requests to the Pusher HTTP API /apps/{id}")
      .tag("outcome", outcome).register(registry).increment();
  }

  /** One webhook POST attempt: {@code delivered} (2xx) or {@code failed} (an error or any other status). */
  public void webhookRequest(String outcome) {
    Counter.builder("hub_pusher_webhook_requests_total").description("Webhook POST attempts by outcome")
      .tag("outcome", outcome).register(registry).increment();
  }

  /** Webhook events by fate: {@code queued}, {@code delivered}, {@code dropped_queue_full}, {@code dropped_expired}. */
  public void webhookEvents(String outcome, int count) {
    Counter.builder("hub_pusher_webhook_events_total").description("Webhook events queued, delivered and dropped")
      .tag("outcome", outcome).register(registry).increment(count);
  }

  public void webhookRetry() {
    Counter.builder("hub_pusher_webhook_retries_total").description("Webhook batches scheduled for another attempt")
      .register(registry).increment();
  }

  public void deliveryLatency(long acceptedAtMillis) {
    deliveryLatency.record(Math.max(0, System.currentTimeMillis() - acceptedAtMillis), TimeUnit.MILLISECONDS);
  }

  /** A subscription re-checked after access was withdrawn: {@code ended}, or {@code check_failed} (kept). */
  public void accessRevocation(String outcome) {
    Counter.builder("hub_access_revocations_total").description("Live subscriptions re-checked after a revocation")
      .tag("outcome", outcome).register(registry).increment();
  }

  /** An update of a versioned entity that was not newer than the stored one and was ignored. */
  public void staleUpdate(String source) {
    Counter.builder("hub_sync_stale_updates_total").description("Versioned items ignored as stale")
      .tag("source", source).register(registry).increment();
  }

  /** A feature unlocked for a user: by a {@code rule} or {@code manual}ly through the API. */
  public void featureUnlocked(String source) {
    Counter.builder("hub_feature_unlocks_total").description("Features unlocked for users")
      .tag("source", source).register(registry).increment();
  }

  /** Access changes applied to the membership store and live subscriptions after commit. */
  public void accessChangesApplied(int count) {
    Counter.builder("hub_access_changes_applied_total").description("Access changes applied after commit")
      .register(registry).increment(count);
  }
}
