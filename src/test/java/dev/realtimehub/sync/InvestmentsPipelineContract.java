package dev.realtimehub.sync;

import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.realtimehub.support.DomainSupport.allDone;
import static dev.realtimehub.support.DomainSupport.count;
import static dev.realtimehub.support.DomainSupport.group;
import static dev.realtimehub.support.DomainSupport.investment;
import static dev.realtimehub.support.DomainSupport.property;
import static dev.realtimehub.support.DomainSupport.valuation;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * investments → ownership and distributions end to end: group totals and shares in the store, at
 * {@code GET /api/investments/{id}}, live on {@code investment.{groupId}}, and the investor told on
 * {@code user.{userId}}; duplicates without a second effect; concurrent investments serialised.
 */
abstract class InvestmentsPipelineContract extends SyncHubContract {

  /** Whether the workers on this store apply consecutive investments events together. */
  abstract boolean appliesTogether();

  private static final int EVENTS = 40;
  /** Events of the burst that repeat an investment of the event before (every fifth). */
  private static final int REPEATS = EVENTS / 5;

  @Test
  void investmentsSetOwnershipSharesAndTellTheInvestor(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    String u1 = "u1-" + id;
    TestSocket group = subscribed("admin", new JsonObject().put("roles", new JsonArray().add("admin")),
      "investment." + g);
    TestSocket investor = subscribed(u1, new JsonObject(), "user." + u1);
    post(hub, "properties", envelope(property("p-" + id, 1000, 1, g)).encode())
      .compose(r -> valuation(hub, g, 1000))
      .compose(v -> post(hub, "investments", envelope(investment(g, u1, "p-" + id, 300)).encode()))
      .compose(r -> message(investor, "investment.recorded"))
      .onSuccess(data -> ctx.verify(() -> {
        assertEquals(g, data.getString("groupId"));
        assertEquals(300, data.getInteger("holding"));
        assertEquals(1.0, data.getDouble("share"));
        assertNotNull(data.getLong("notificationId"));
        assertNotNull(data.getLong("messageId"));
      }))
      .compose(v -> post(hub, "investments", envelope(investment(g, "u2-" + id, "p-" + id, 100)).encode()))
      .compose(r -> message(group, "investment.ownership_updated"))
      .compose(first -> first.getDouble("invested") == 400 ? Future.succeededFuture(first)
        : message(group, "investment.ownership_updated"))
      .onComplete(ctx.succeeding(data -> ctx.verify(() -> {
        assertEquals(400.0, data.getDouble("invested"));
        assertEquals(1000.0, data.getDouble("valuation"));
        assertEquals(2L, data.getLong("ownerCount"));
        JsonObject top = data.getJsonArray("owners").getJsonObject(0);
        assertEquals(u1, top.getString("userId"));
        assertEquals(0.75, top.getDouble("share"));
        assertEquals(750.0, top.getDouble("value"), "the owner's share of the valuation");
        assertEquals(0.25, data.getJsonArray("owners").getJsonObject(1).getDouble("share"));
        ctx.completeNow();
      })));
  }

  @Test
  void aRepeatedInvestmentHasNoSecondEffect(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    JsonObject item = investment(g, "u-" + id, "p", 250);
    post(hub, "investments", envelope("d" + id + "-1", item).encode())
      .compose(r -> post(hub, "investments", envelope("d" + id + "-2", item, investment(g, "u-" + id, "p", 5))
        .encode()))
      .compose(r -> allDone(hub, "d" + id, 2))
      .compose(v -> group(hub, g))
      .onSuccess(state -> ctx.verify(() -> assertEquals(255.0, state.json().getDouble("invested"))))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM user_notification WHERE user_id = $1", "u-" + id))
      .onComplete(ctx.succeeding(notifications -> ctx.verify(() -> {
        assertEquals(2L, notifications, "one notification per applied investment");
        ctx.completeNow();
      })));
  }

  /**
   * Forty events at once, some with two items, some repeating an earlier event's investment: however the workers
   * take them (one at a time or runs together), each investor's notifications, in order, carry the holding and the
   * group's total right after that investment, and every investment counts once.
   */
  @Test
  void aBurstTellsEachInvestorTheTotalsRightAfterTheirInvestment(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String prefix = "burst-" + id + "-";
    Map<String, BigDecimal> expectedTotals = new HashMap<>();
    List<Future<?>> posts = new ArrayList<>();
    JsonObject before = null;
    int unique = 0;
    for (int i = 0; i < EVENTS; i++) {
      List<JsonObject> items = new ArrayList<>();
      items.add(investment("g" + (i % 3) + "-" + id, "u" + (i % 4) + "-" + id, "p", i + 1));
      if (i % 4 == 0) {
        items.add(investment("g" + ((i + 1) % 3) + "-" + id, "u" + ((i + 2) % 4) + "-" + id, "p", 0.5));
      }
      items.forEach(item -> expectedTotals.merge(item.getString("groupId"),
        new BigDecimal(item.getValue("amount").toString()), BigDecimal::add));
      unique += items.size();
      if (i % 5 == 4) {
        items.add(before.copy());
      }
      before = items.get(0);
      posts.add(post(hub, "investments", envelope(prefix + i, items.toArray(JsonObject[]::new)).encode()));
    }
    int investments = unique;
    Future.all(posts)
      .compose(all -> allDone(hub, prefix, EVENTS))
      .compose(v -> DomainSupport.query(hub, "SELECT user_id, data FROM user_notification WHERE user_id LIKE $1 "
        + "ORDER BY id", "u_-" + id))
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        assertEquals(investments, rows.size(), "one notification per investment, repeated ones counted once");
        Map<String, BigDecimal> totals = new HashMap<>();
        Map<String, BigDecimal> holdings = new HashMap<>();
        for (Row row : rows) {
          JsonObject data = new JsonObject(row.getString("data"));
          BigDecimal amount = new BigDecimal(data.getValue("amount").toString());
          String group = data.getString("groupId");
          BigDecimal total = totals.merge(group, amount, BigDecimal::add);
          BigDecimal holding = holdings.merge(group + "/" + row.getString("user_id"), amount, BigDecimal::add);
          assertEquals(0, total.compareTo(new BigDecimal(data.getValue("groupInvested").toString())),
            "the group's total right after " + data);
          assertEquals(0, holding.compareTo(new BigDecimal(data.getValue("holding").toString())),
            "the holding right after " + data);
        }
        assertEquals(expectedTotals.keySet(), totals.keySet());
        expectedTotals.forEach((group, total) -> assertEquals(0, total.compareTo(totals.get(group)), group));
        double largestRun = hub.registry().find("hub_sync_applied_together_events").summaries().stream()
          .mapToDouble(summary -> summary.max()).max().orElse(0);
        if (appliesTogether()) {
          assertTrue(largestRun > 1, "the workers applied runs of events together");
        } else {
          assertEquals(0, largestRun, "no run applied together on this store");
        }
      })))
      .compose(v -> DomainSupport.query(hub, "SELECT i.event_id, a.detail FROM audit a JOIN inbox i ON i.id = a.inbox_id "
        + "WHERE a.action = 'investments.applied' AND i.event_id LIKE $1", prefix + "%"))
      .onComplete(ctx.succeeding(audits -> ctx.verify(() -> {
        assertEquals(EVENTS, audits.size(), "one audit row per event");
        int items = 0;
        int skipped = 0;
        for (Row row : audits) {
          JsonObject detail = new JsonObject(row.getString("detail"));
          assertEquals(row.getString("event_id"), detail.getString("eventId"));
          items += detail.getInteger("items");
          skipped += detail.getJsonArray("skippedDuplicates").size();
        }
        assertEquals(investments + REPEATS, items, "every item sent is audited");
        assertEquals(REPEATS, skipped, "each repeated investment is skipped once, by whichever event came second");
      })))
      .compose(v -> Future.all(expectedTotals.keySet().stream().map(group -> DomainSupport.group(hub, group))
        .toList()))
      .onComplete(ctx.succeeding(groups -> ctx.verify(() -> {
        for (int i = 0; i < groups.size(); i++) {
          JsonObject state = ((TestResponse) groups.resultAt(i)).json();
          assertEquals(0, expectedTotals.get(state.getString("groupId"))
            .compareTo(new BigDecimal(state.getValue("invested").toString())), state.encode());
        }
        ctx.completeNow();
      })));
  }

  @Test
  void concurrentInvestmentsInOneGroupSerialise(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    List<Future<?>> posts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      posts.add(post(hub, "investments", envelope("c" + id + "-" + i, investment(g, "u" + (i % 5), "p", 10))
        .encode()));
    }
    Future.all(posts)
      .compose(all -> allDone(hub, "c" + id, 20))
      .compose(v -> group(hub, g))
      .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
        assertEquals(200.0, state.json().getDouble("invested"));
        assertEquals(5L, state.json().getLong("ownerCount"));
        state.json().getJsonArray("owners").forEach(owner -> {
          assertEquals(40.0, ((JsonObject) owner).getDouble("amount"));
          assertEquals(0.2, ((JsonObject) owner).getDouble("share"));
        });
        ctx.completeNow();
      })));
  }
}
