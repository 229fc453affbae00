package dev.realtimehub.presence;

import dev.realtimehub.support.RedisFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.realtimehub.redis.RedisStore;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.util.Set;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redis presence passes the same contract as memory presence, on the test Redis. */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RedisPresenceManagerContractIT extends PresenceManagerContract {

  private final RedisFixture redis = new RedisFixture();
  private RedisStore store;

  @Override
  protected Future<PresenceManager> create(Vertx vertx) {
    store = redis.open(vertx);
    return Future.succeededFuture(new RedisPresenceManager(store, 30_000, "node-a"));
  }

  @Override
  protected Future<Void> destroy(PresenceManager presence) {
    return redis.close();
  }

  /** A Redis that restarted without persistence has no presence keys; the next heartbeat puts them back. */
  @Test
  void theHeartbeatJoinsAgainTheConnectionsRedisLost(VertxTestContext ctx) {
    RedisPresenceManager redisPresence = (RedisPresenceManager) presence;
    join("c1", "alice")
      .compose(r -> join("c2", "bob"))
      .compose(r -> store.send(Request.cmd(Command.DEL).arg(store.channelKey(channel, "pc"))
        .arg(store.channelKey(channel, "pi")).arg(store.channelKey(channel, "pu")).arg(store.channelKey(channel, "pm"))))
      .compose(r -> presence.roster(channel, 100))
      .onSuccess(roster -> ctx.verify(() -> assertEquals(0, roster.count(), "the keys are gone")))
      .compose(r -> redisPresence.heartbeat())
      .compose(v -> presence.roster(channel, 100))
      .onSuccess(roster -> ctx.verify(() -> assertEquals(Set.of("alice", "bob"), ids(roster))))
      .compose(v -> presence.leave(channel, "c1", "alice"))
      .onComplete(ctx.succeeding(left -> ctx.verify(() -> {
        assertEquals(member("alice"), left, "the re-joined connection leaves as usual");
        ctx.completeNow();
      })));
  }
}
