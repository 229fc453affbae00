package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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

/**
 * investments → ownership and distributions end to end: group totals and shares in the store, at
 * {@code GET /api/investments/{id}}, live on {@code investment.{groupId}}, and the investor told on
 * {@code user.{userId}}; duplicates without a second effect; concurrent investments serialised.
 */
abstract class InvestmentsPipelineContract extends SyncHubContract {

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
