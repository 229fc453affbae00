package dev.realtimehub.sync;

import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestResponse;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static dev.realtimehub.support.DomainSupport.investment;
import static dev.realtimehub.support.SyncSupport.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of webhooks sent all at once, every event twice. However the gateway groups them into inbox inserts
 * (on PostgreSQL, those that arrive while earlier inserts are in flight share one statement), each webhook is
 * answered for itself: per event one 202 and one 200 duplicate, one inbox row, applied once. Subclasses choose
 * the store.
 */
abstract class WebhookBurstContract extends SyncHubContract {

  private static final int EVENTS = 100;
  private static final int GROUPS = 5;

  /** Whether webhooks that arrive together share an insert on this store. */
  abstract boolean groupsInserts();

  @Test
  void everyWebhookOfABurstIsAnsweredForItselfAndAppliedOnce(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String prefix = "burst-" + id + "-";
    List<Future<TestResponse>> answers = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      String body = envelope(prefix + i, investment("g-" + id + "-" + (i % GROUPS), "u-" + id, "p", 1)).encode();
      answers.add(SyncSupport.post(hub, "investments", body));
      answers.add(SyncSupport.post(hub, "investments", body));
    }
    Future.all(answers)
      .compose(all -> {
        ctx.verify(() -> {
          for (int i = 0; i < EVENTS; i++) {
            TestResponse first = answers.get(2 * i).result();
            TestResponse second = answers.get(2 * i + 1).result();
            assertEquals(202 + 200, first.status() + second.status(), "event " + i + ": " + first.status() + " "
              + first.body() + " / " + second.status() + " " + second.body());
            TestResponse duplicate = first.status() == 200 ? first : second;
            assertEquals(Boolean.TRUE, duplicate.json().getBoolean("duplicate"), duplicate.body().toString());
          }
          HistogramSnapshot inserts = hub.registry().get("hub_webhook_insert_rows").summary().takeSnapshot();
          assertEquals(2.0 * EVENTS, inserts.total(), "every webhook went out in exactly one insert");
          assertTrue(!groupsInserts() || inserts.max() > 1, "webhooks that arrived together shared an insert: "
            + inserts);
        });
        return DomainSupport.allDone(hub, prefix, EVENTS);
      })
      .compose(v -> DomainSupport.count(hub, "SELECT COUNT(*) FROM inbox WHERE event_id LIKE $1", prefix + "%"))
      .compose(rows -> {
        ctx.verify(() -> assertEquals(EVENTS, rows, "one inbox row per event"));
        List<Future<TestResponse>> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
          groups.add(DomainSupport.group(hub, "g-" + id + "-" + g));
        }
        return Future.all(groups).map(all -> groups);
      })
      .onComplete(ctx.succeeding(groups -> ctx.verify(() -> {
        for (Future<TestResponse> group : groups) {
          TestResponse response = group.result();
          assertEquals(200, response.status(), response.body().toString());
          assertEquals(0, new BigDecimal(EVENTS / GROUPS).compareTo(
            new BigDecimal(response.json().getValue("invested").toString())), response.body().toString());
        }
        ctx.completeNow();
      })));
  }
}
