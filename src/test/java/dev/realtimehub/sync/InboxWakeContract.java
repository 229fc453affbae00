package dev.realtimehub.sync;

import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.DomainSupport.investment;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Webhooks are applied when they arrive, not at the workers' next poll: with a poll interval of a minute, every
 * webhook of a stream sent one after another (many of them while a worker's round is running) is applied within
 * the test's wait. Subclasses choose the store.
 */
abstract class InboxWakeContract extends SyncHubContract {

  private static final int WEBHOOKS = 40;

  @Override
  protected Map<String, String> settings() {
    Map<String, String> env = new HashMap<>(store());
    env.put("HUB_SYNC_POLL_INTERVAL_MS", "60000");
    return env;
  }

  @Test
  void webhooksArrivingDuringARoundAreAppliedWithoutWaitingForThePoll(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    Future<Void> sent = Future.succeededFuture();
    for (int i = 0; i < WEBHOOKS; i++) {
      String body = envelope("wake-" + id + "-" + i, investment("g-" + id, "u-" + id, "p", 1)).encode();
      sent = sent.compose(v -> SyncSupport.post(hub, "investments", body)
        .map(response -> {
          ctx.verify(() -> assertEquals(202, response.status(), response.body().toString()));
          return null;
        }));
    }
    sent.compose(v -> DomainSupport.allDone(hub, "wake-" + id, WEBHOOKS))
      .onComplete(ctx.succeedingThenComplete());
  }
}
