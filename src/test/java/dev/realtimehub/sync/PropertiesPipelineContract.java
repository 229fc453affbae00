package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.realtimehub.support.DomainSupport.allDone;
import static dev.realtimehub.support.DomainSupport.count;
import static dev.realtimehub.support.DomainSupport.eventually;
import static dev.realtimehub.support.DomainSupport.group;
import static dev.realtimehub.support.DomainSupport.property;
import static dev.realtimehub.support.DomainSupport.query;
import static dev.realtimehub.support.DomainSupport.valuation;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * properties → investment tracking end to end: valuations of linked groups in the store, at
 * {@code GET /api/investments/{id}} and live on {@code investment.{groupId}}; stale versions ignored and audited;
 * concurrent updates of one property and of one group serialised. Subclasses choose the store.
 */
abstract class PropertiesPipelineContract extends SyncHubContract {

  private TestSocket admin(String channel) {
    return subscribed("admin", new JsonObject().put("roles", new JsonArray().add("admin")), channel);
  }

  private static Future<JsonObject> valuationMessage(TestSocket socket) {
    return message(socket, "investment.valuation_updated");
  }

  @Test
  void groupValuationsFollowTheirLinkedProperties(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g1 = "g1-" + id;
    String g2 = "g2-" + id;
    TestSocket reader = admin("investment." + g1);
    post(hub, "properties", envelope(property("p1-" + id, 100, 1, g1)).encode())
      .compose(r -> valuationMessage(reader))
      .onSuccess(data -> ctx.verify(() -> {
        assertEquals(g1, data.getString("groupId"));
        assertEquals(100.0, data.getDouble("valuation"));
        assertEquals(1, data.getInteger("properties"));
      }))
      .compose(v -> post(hub, "properties", envelope(property("p2-" + id, 50.5, 1, g1, g2)).encode()))
      .compose(r -> valuationMessage(reader))
      .onSuccess(data -> ctx.verify(() -> assertEquals(150.5, data.getDouble("valuation"))))
      .compose(v -> post(hub, "properties", envelope(property("p1-" + id, 120, 2, g2)).encode()))
      .compose(r -> valuationMessage(reader))
      .onSuccess(data -> ctx.verify(() -> {
        assertEquals(50.5, data.getDouble("valuation"), "p1 moved to another group");
        assertEquals(1, data.getInteger("properties"));
      }))
      .compose(v -> valuation(hub, g2, 170.5))
      .onComplete(ctx.succeeding(g2State -> ctx.verify(() -> {
        assertEquals(2, g2State.getInteger("properties"));
        ctx.completeNow();
      })));
  }

  @Test
  void olderAndEqualVersionsAreIgnoredAndAudited(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    String p = "p-" + id;
    post(hub, "properties", envelope(property(p, 200, 2, g)).encode())
      .compose(r -> valuation(hub, g, 200))
      .compose(v -> post(hub, "properties", envelope(property(p, 100, 1, g)).encode()))
      .compose(v -> post(hub, "properties", envelope(property(p, 300, 2, g)).encode()))
      .compose(v -> eventually(hub.vertx(), () -> count(hub, "SELECT COUNT(*) FROM audit WHERE action = "
        + "'properties.stale_version' AND detail LIKE $1", "%\"" + p + "\"%").map(n -> n == 2)))
      .compose(v -> group(hub, g))
      .compose(state -> query(hub, "SELECT version, value FROM property WHERE id = $1", p).map(rows -> {
        ctx.verify(() -> {
          assertEquals(200.0, state.json().getDouble("valuation"));
          assertEquals(2L, rows.iterator().next().getLong("version"));
        });
        return null;
      }))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void concurrentUpdatesOfOnePropertyAndOfOneGroupSerialise(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String g = "g-" + id;
    String p = "p-" + id;
    List<Integer> versions = new ArrayList<>();
    for (int v = 1; v <= 12; v++) {
      versions.add(v);
    }
    Collections.shuffle(versions);
    List<Future<?>> posts = new ArrayList<>();
    for (int version : versions) {
      posts.add(post(hub, "properties", envelope("c" + id + "-v" + version, property(p, version * 10, version, g))
        .encode()));
    }
    for (int other = 0; other < 10; other++) {
      posts.add(post(hub, "properties", envelope("c" + id + "-o" + other, property("o" + other + "-" + id, 5, 1, g))
        .encode()));
    }
    Future.all(posts)
      .compose(all -> allDone(hub, "c" + id, 22))
      .compose(v -> group(hub, g))
      .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
        assertEquals(170.0, state.json().getDouble("valuation"), "the newest version of p plus ten others at 5");
        assertEquals(11, state.json().getInteger("properties"));
        ctx.completeNow();
      })));
  }

  @Test
  void unknownGroupIs404AndTheApiNeedsItsKey(VertxTestContext ctx) {
    group(hub, "nobody-" + SyncSupport.uniqueId())
      .onSuccess(r -> ctx.verify(() -> assertEquals(404, r.status())))
      .compose(v -> hub.request("GET", "/api/investments/g", null, null))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(401, r.status());
        ctx.completeNow();
      })));
  }
}
