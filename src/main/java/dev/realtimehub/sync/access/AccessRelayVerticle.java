package dev.realtimehub.sync.access;

import dev.realtimehub.channel.MembershipStore;
import dev.realtimehub.core.Hub;
import dev.realtimehub.core.Revocation;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Addresses;
import dev.realtimehub.sync.PollingWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Applies committed {@code access_changes} in id order, on the {@code hub-sync} worker pool: memberships go into
 * the {@link MembershipStore} that {@code member:} rules consult (Redis in a cluster, so every node sees them at
 * once), then a {@link Revocation} asks every node to end the live subscriptions the change took away. A change
 * is marked applied in the same transaction that read it; a relay that dies first leaves it to be applied again,
 * which is harmless: adding, removing and re-checking are idempotent. It wakes with the outbox relay.
 */
public final class AccessRelayVerticle extends PollingWorker {

  private static final Logger log = LoggerFactory.getLogger(AccessRelayVerticle.class);

  private final Store store;
  private final AccessChangeRepository changes;
  private final MembershipStore memberships;
  private final Hub hub;
  private final HubMetrics metrics;
  private final int batchSize;
  private final long timeoutMs;

  public AccessRelayVerticle(Store store, MembershipStore memberships, Hub hub, HubMetrics metrics, int batchSize,
                             long pollMs, long timeoutMs) {
    super(Addresses.OUTBOX_WAKE, pollMs);
    this.store = store;
    this.changes = new AccessChangeRepository(store);
    this.memberships = memberships;
    this.hub = hub;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.timeoutMs = timeoutMs;
  }

  @Override
  protected Future<Boolean> round() {
    return store.pool().withTransaction(this::applyBatch).map(applied -> applied == batchSize);
  }

  private Future<Integer> applyBatch(SqlConnection conn) {
    return changes.pending(conn, batchSize).compose(batch -> applyFrom(conn, batch, 0));
  }

  /** Applies in order and stops at the first failure, so that a later change never overtakes an earlier one. */
  private Future<Integer> applyFrom(SqlConnection conn, List<AccessChangeRepository.Pending> batch, int index) {
    if (index >= batch.size()) {
      metrics.accessChangesApplied(index);
      return Future.succeededFuture(index);
    }
    AccessChangeRepository.Pending next = batch.get(index);
    return apply(next.change())
      .compose(v -> changes.markApplied(conn, next.id(), System.currentTimeMillis()))
      .compose(v -> applyFrom(conn, batch, index + 1))
      .recover(failure -> {
        log.warn("access change not applied id={} user={}: {}", next.id(), next.change().userId(), failure.toString());
        metrics.accessChangesApplied(index);
        return Future.succeededFuture(index);
      });
  }

  private Future<Void> apply(AccessChange change) {
    List<Supplier<Future<Void>>> steps = new ArrayList<>();
    String user = change.userId();
    change.addTeams().forEach(id -> steps.add(() -> memberships.add(AccessChange.TEAM_KIND, id, user)));
    change.addGroups().forEach(id -> steps.add(() -> memberships.add(AccessChange.GROUP_KIND, id, user)));
    change.removeTeams().forEach(id -> steps.add(() -> memberships.remove(AccessChange.TEAM_KIND, id, user)));
    change.removeGroups().forEach(id -> steps.add(() -> memberships.remove(AccessChange.GROUP_KIND, id, user)));
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> step : steps) {
      chain = chain.compose(v -> step.get().timeout(timeoutMs, TimeUnit.MILLISECONDS));
    }
    Revocation revocation = change.revocation();
    return revocation == null ? chain
      : chain.compose(v -> hub.revoke(revocation).timeout(timeoutMs, TimeUnit.MILLISECONDS));
  }
}
