package dev.realtimehub.store;

import dev.realtimehub.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A write through {@link Store#committed} on the embedded store is committed when it succeeds, even on a pooled
 * connection that has been through a transaction before: a later transaction that rolls back on the same
 * connection must not take it with it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class StoreCommitTest {

  private static final String INSERT = "INSERT INTO audit (inbox_id, source, action, detail, created_at) "
    + "VALUES ($1, 'test', 'test', '{}', 0)";

  @Test
  void aCommittedWriteSurvivesALaterRollbackOnTheSameConnection(Vertx vertx, VertxTestContext ctx) {
    Store store = Store.create(vertx, new HubConfig.Pg("", 1, 1000), new HubConfig.Store(Store.IN_MEMORY)).await();
    String insert = store.dialect().sql(INSERT);
    store.pool().withTransaction(conn -> conn.preparedQuery(insert).execute(Tuple.of(1L)))
      .compose(v -> store.committed(client -> client.preparedQuery(insert).execute(Tuple.of(2L))))
      .compose(v -> store.pool().withTransaction(conn -> conn.preparedQuery(insert).execute(Tuple.of(3L))
        .compose(rows -> Future.<Void>failedFuture("roll back"))))
      .transform(rolledBack -> store.pool().query("SELECT COUNT(*) FROM audit").execute())
      .map(rows -> rows.iterator().next().getLong(0))
      .eventually(store::close)
      .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
        assertEquals(2L, count, "the transaction's row and the committed write; not the rolled back one");
        ctx.completeNow();
      })));
  }
}
