package dev.realtimehub.sync.access;

import dev.realtimehub.channel.MembershipStore;
import dev.realtimehub.store.Store;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies the memberships HBH-2 fed into the SQL store to the {@link MembershipStore} at start. The embedded hub
 * keeps memberships in memory, so a restart would otherwise forget them until each user's next update; in a
 * cluster it restores what a Redis that lost its data no longer has. Adding is idempotent, so nodes starting
 * together do no harm. Reads in pages so that a large table is never held in memory at once.
 */
public final class MembershipSeed {

  private static final int PAGE = 1000;

  private final Store store;
  private final UserAccessRepository access;
  private final MembershipStore memberships;

  public MembershipSeed(Store store, MembershipStore memberships) {
    this.store = store;
    this.access = new UserAccessRepository(store);
    this.memberships = memberships;
  }

  /** Completes with the number of memberships copied. */
  public Future<Integer> run() {
    return page(new String[] {"", "", ""}, 0);
  }

  private Future<Integer> page(String[] after, int copied) {
    return access.memberships(store.pool(), after, PAGE)
      .compose(rows -> {
        List<Future<Void>> adds = new ArrayList<>();
        rows.forEach(row -> adds.add(memberships.add(row[0], row[1], row[2])));
        return Future.all(adds).map(rows);
      })
      .compose(rows -> rows.size() < PAGE ? Future.succeededFuture(copied + rows.size())
        : page(rows.get(rows.size() - 1), copied + rows.size()));
  }
}
