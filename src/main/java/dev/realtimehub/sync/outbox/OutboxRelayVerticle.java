package dev.realtimehub.sync.outbox;

import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.core.Hub;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Publishes committed outbox rows through {@link Hub#publish}, in id order, and marks each one published.
 * Runs as a worker verticle on the {@code hub-sync} pool. See the package documentation for the guarantees.
 */
public final class OutboxRelayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelayVerticle.class);

  private final Store store;
  private final OutboxRepository outbox;
  private final Hub hub;
  private final int batchSize;
  private final long pollMs;
  private MessageConsumer<String> wakeUps;
  private boolean running;
  private Promise<Void> stopping;
  private long timer = -1;

  public OutboxRelayVerticle(Store store, Hub hub, int batchSize, long pollMs) {
    this.store = store;
    this.outbox = new OutboxRepository(store);
    this.hub = hub;
    this.batchSize = batchSize;
    this.pollMs = pollMs;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(Addresses.OUTBOX_WAKE, message -> wake());
    schedule();
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (running) {
      stopping = Promise.promise();
      return Future.join(wakeUps.unregister(), stopping.future());
    }
    return wakeUps.unregister();
  }

  private void wake() {
    if (!running && stopping == null) {
      vertx.cancelTimer(timer);
      relay();
    }
  }

  private void schedule() {
    timer = vertx.setTimer(pollMs, id -> relay());
  }

  private void relay() {
    running = true;
    store.pool().withTransaction(this::publishBatch).onComplete(result -> {
      if (result.failed()) {
        log.warn("outbox relay round failed: {}", result.cause().toString());
      }
      running = false;
      if (stopping != null) {
        stopping.complete();
      } else if (result.succeeded() && result.result() == batchSize) {
        relay();
      } else {
        schedule();
      }
    });
  }

  /** Publishes the batch in order and stops at the first failure; what was published is marked. */
  private Future<Integer> publishBatch(SqlConnection conn) {
    return outbox.unpublished(conn, batchSize).compose(records -> publishFrom(conn, records, 0));
  }

  private Future<Integer> publishFrom(SqlConnection conn, List<OutboxRecord> records, int index) {
    if (index >= records.size()) {
      return Future.succeededFuture(index);
    }
    OutboxRecord record = records.get(index);
    return publish(record)
      .compose(v -> outbox.markPublished(conn, record.id(), System.currentTimeMillis()))
      .compose(v -> publishFrom(conn, records, index + 1))
      .recover(failure -> {
        log.warn("outbox publish failed id={} channel={}: {}", record.id(), record.channel(), failure.toString());
        return Future.succeededFuture(index);
      });
  }

  private Future<Void> publish(OutboxRecord record) {
    Publication publication;
    try {
      publication = new Publication(ChannelName.parse(record.channel()), record.event(),
        record.data().copy().put("messageId", record.id()), null, null, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return hub.publish(publication, "sync").mapEmpty();
  }
}
