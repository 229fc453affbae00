package dev.realtimehub.sync.outbox;

import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.notify.Coalescer;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Addresses;
import dev.realtimehub.sync.PollingWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes committed outbox rows through {@link Hub#publish}, in id order, and deletes those it published.
 * Runs as a worker verticle on the {@code hub-sync} pool. See the package documentation for the guarantees.
 */
public final class OutboxRelayVerticle extends PollingWorker {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  /** Woken by every committed worker transaction: waiting 5 ms lets one round publish the rows of several. */
  private static final long LINGER_MS = 5;

  private final Store store;
  private final OutboxRepository outbox;
  private final Hub hub;
  private final Coalescer coalescer;
  private final HubMetrics metrics;
  private final int batchSize;

  public OutboxRelayVerticle(Store store, Hub hub, Coalescer coalescer, HubMetrics metrics, int batchSize,
                             long pollMs) {
    super(Addresses.OUTBOX_WAKE, pollMs, LINGER_MS);
    this.store = store;
    this.outbox = new OutboxRepository(store);
    this.hub = hub;
    this.coalescer = coalescer;
    this.metrics = metrics;
    this.batchSize = batchSize;
  }

  /** One batch; a full batch means more may be waiting. */
  @Override
  protected Future<Boolean> round() {
    return store.pool().withTransaction(this::publishBatch).map(published -> published == batchSize);
  }

  /** Publishes the batch in order and stops at the first failure; what was published is deleted, in one go. */
  private Future<Integer> publishBatch(SqlConnection conn) {
    List<Long> published = new ArrayList<>();
    return outbox.unpublished(conn, batchSize)
      .compose(records -> publishFrom(records, 0, published))
      .compose(v -> outbox.deletePublished(conn, published))
      .map(v -> published.size());
  }

  private Future<Void> publishFrom(List<OutboxRecord> records, int index, List<Long> published) {
    if (index >= records.size()) {
      return Future.succeededFuture();
    }
    OutboxRecord record = records.get(index);
    return publish(record)
      .compose(v -> {
        published.add(record.id());
        return publishFrom(records, index + 1, published);
      }, failure -> {
        log.warn("outbox publish failed id={} channel={}: {}", record.id(), record.channel(), failure.toString());
        return Future.succeededFuture();
      });
  }

  /**
   * A row with a coalescing key on a debouncing type is handed to the coalescer and counts as published: it
   * carries a full state, so the latest of a burst is all a subscriber needs (see the package documentation).
   */
  private Future<Void> publish(OutboxRecord record) {
    Publication publication;
    ChannelType type;
    try {
      ChannelName channel = ChannelName.parse(record.channel());
      type = hub.authorizer().types().typeOf(channel);
      // The data was decoded from the row for this publication alone, so it takes the message id itself.
      publication = new Publication(channel, record.event(), record.data().put("messageId", record.id()),
        null, null, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (record.coalesceKey() != null && Coalescer.debounces(type)) {
      coalescer.offer(publication, type, record.coalesceKey());
      metrics.syncRelayed("debounced");
      return Future.succeededFuture();
    }
    return hub.publish(publication, "sync").onSuccess(message -> metrics.syncRelayed("published")).mapEmpty();
  }
}
