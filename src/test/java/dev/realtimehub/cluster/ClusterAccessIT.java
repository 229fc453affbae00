package dev.realtimehub.cluster;

import dev.realtimehub.support.PgSupport;
import dev.realtimehub.support.ClusterSupport;
import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.AccessSupport.accessApplied;
import static dev.realtimehub.support.AccessSupport.user;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes on one Redis and one PostgreSQL: memberships a users webhook brings in through node A admit a
 * subscriber on node B, and the webhook that takes them away ends that subscription on node B within a second.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClusterAccessIT {

  private final List<TestSocket> sockets = new ArrayList<>();
  private String prefix;
  private TestHub nodeA;
  private TestHub nodeB;

  @BeforeEach
  void start(Vertx vertx) {
    RedisSupport.requireRedis();
    PgSupport.requirePostgres();
    prefix = RedisSupport.prefix();
    Map<String, String> env = new HashMap<>(RedisSupport.node(prefix));
    env.putAll(PgSupport.node());
    nodeA = TestHub.start(vertx, SyncSupport.env(env)).await();
    nodeB = TestHub.start(vertx, SyncSupport.env(env)).await();
  }

  @AfterEach
  void stop(Vertx vertx) {
    ClusterSupport.tearDown(vertx, sockets, prefix, nodeA, nodeB);
  }

  @Test
  void membershipFromAWebhookOnOneNodeIsRevokedOnTheOther(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String team = "t-" + SyncSupport.uniqueId();
    post(nodeA, "users", envelope(user(id, 1, List.of(), List.of(), List.of(team), List.of())).encode())
      .compose(accepted -> accessApplied(vertx, nodeA, id, 1))
      .compose(v -> nodeB.connect(nodeB.token(id)).onSuccess(sockets::add))
      .compose(socket -> socket.subscribe("team." + team)
        .onSuccess(reply -> ctx.verify(() -> assertEquals("subscribed", reply.getString("type"), reply.encode())))
        .compose(reply -> post(nodeA, "users", envelope(user(id, 2, List.of(), List.of(), List.of(), List.of()))
          .encode()))
        .onSuccess(accepted -> ctx.verify(() -> assertEquals(202, accepted.status())))
        .compose(accepted -> socket.nextOfType("unsubscribed").timeout(1000, TimeUnit.MILLISECONDS)))
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals("team." + team, frame.getString("channel"));
        assertEquals("access_revoked", frame.getString("reason"));
        ctx.completeNow();
      })));
  }
}
