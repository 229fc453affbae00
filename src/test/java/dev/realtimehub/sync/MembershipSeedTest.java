package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.AccessSupport.accessApplied;
import static dev.realtimehub.support.AccessSupport.user;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded hub keeps memberships in memory; those HBH-2 sent are copied back from the store when the hub
 * starts again on the same data dir, so members can subscribe before their next users update.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class MembershipSeedTest {

  @TempDir
  Path dataDir;
  private Vertx firstRun;
  private TestHub restarted;

  @AfterEach
  void stop() {
    if (restarted != null) {
      restarted.close().await();
    }
    if (firstRun != null) {
      firstRun.close().await();
    }
  }

  @Test
  void membershipsFromHbh2SurviveARestartOfTheEmbeddedHub(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = SyncSupport.env(Map.of("HUB_STORE_DATA_DIR", dataDir.toString(),
      "HUB_SHUTDOWN_GRACE_SECONDS", "0"));
    List<String> teams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      teams.add("t" + i);
    }
    firstRun = Vertx.vertx();
    TestHub first = TestHub.start(firstRun, env).await();
    assertEquals(202, post(first, "users", envelope(user("alice", 1, List.of(), List.of(), teams, List.of("g1")))
      .encode()).await().status());
    assertEquals(202, post(first, "users", envelope(user("bob", 1, List.of(), List.of(), List.of("t1"), List.of()))
      .encode()).await().status());
    accessApplied(firstRun, first, "alice", 1).await();
    accessApplied(firstRun, first, "bob", 1).await();
    first.close().await();
    firstRun.close().await();
    firstRun = null;
    restarted = TestHub.start(vertx, env).await();
    restarted.connect(restarted.token("alice"))
      .compose(alice -> alice.subscribe("team.t2").compose(a -> alice.subscribe("investment.g1")
        .map(b -> List.of(a, b))))
      .compose(replies -> restarted.connect(restarted.token("bob"))
        .compose(bob -> bob.subscribe("team.t2"))
        .map(refused -> List.of(replies.get(0), replies.get(1), refused)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertEquals("subscribed", replies.get(0).getString("type"), replies.get(0).encode());
        assertEquals("subscribed", replies.get(1).getString("type"), replies.get(1).encode());
        assertEquals(403, replies.get(2).getInteger("code"), "bob is in t1 only: " + replies.get(2).encode());
        ctx.completeNow();
      })));
  }
}
