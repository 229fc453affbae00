package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
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
import static dev.realtimehub.support.DomainSupport.teamChange;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Team changes (the {@code teams} webhook source) end to end: announcements on {@code team.{teamId}}, durable
 * notifications of the users concerned, membership changes in {@code GET /api/shared/sync/changes} in commit
 * order, goals as targets of the team's KPI, duplicates and bad items.
 */
abstract class TeamsPipelineContract extends SyncHubContract {

  private Future<TestResponse> changesAfter(long since, int limit) {
    return hub.request("GET", "/api/shared/sync/changes?since=" + since + "&limit=" + limit, null, TestHub.API_KEY);
  }

  private Future<Long> lastChange() {
    return count(hub, "SELECT last_seq FROM change_sequence WHERE id = 1");
  }

  @Test
  void aNewMemberIsAnnouncedToTheTeamToTheUserAndInTheChangeLog(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String team = "t-" + id;
    String user = "u-" + id;
    TestSocket teamSocket = subscribed("m-" + id, new JsonObject().put("teams", new JsonArray().add(team)),
      "team." + team);
    TestSocket userSocket = subscribed(user, new JsonObject(), "user." + user);
    long before = lastChange().await();
    post(hub, "teams", envelope(teamChange(team, "member_added", new JsonObject().put("userId", user))).encode())
      .compose(r -> message(teamSocket, "team.member_added"))
      .onSuccess(data -> ctx.verify(() -> {
        assertEquals(team, data.getString("teamId"));
        assertEquals(user, data.getString("userId"));
      }))
      .compose(v -> message(userSocket, "team.member_added"))
      .onSuccess(data -> ctx.verify(() -> assertNotNull(data.getLong("notificationId"))))
      .compose(v -> changesAfter(before, 500))
      .onComplete(ctx.succeeding(changes -> ctx.verify(() -> {
        JsonObject change = changes.json().getJsonArray("changes").stream()
          .map(JsonObject.class::cast)
          .filter(c -> ("team." + team).equals(c.getString("subject")))
          .findFirst().orElseThrow();
        assertEquals("membership", change.getString("kind"));
        assertEquals("member_added", change.getJsonObject("detail").getString("change"));
        assertEquals(user, change.getJsonObject("detail").getString("userId"));
        ctx.completeNow();
      })));
  }

  @Test
  void changesAreListedInCommitOrderWithoutGaps(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    long before = lastChange().await();
    List<Future<?>> posts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      posts.add(post(hub, "teams", envelope("o" + id + "-" + i, teamChange("t" + i + "-" + id, "member_removed",
        new JsonObject().put("userId", "u" + i))).encode()));
    }
    List<Long> seen = new ArrayList<>();
    Future.all(posts)
      .compose(all -> allDone(hub, "o" + id, 10))
      .compose(v -> readAll(before, seen))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertTrue(seen.size() >= 10, "the ten member changes at least: " + seen);
        for (int i = 0; i < seen.size(); i++) {
          assertEquals(before + 1 + i, seen.get(i), "sequence numbers in order, none skipped: " + seen);
        }
        ctx.completeNow();
      })));
  }

  /** Reads every change after {@code since} in pages of three, following {@code next}. */
  private Future<Void> readAll(long since, List<Long> seen) {
    return changesAfter(since, 3).compose(page -> {
      JsonArray changes = page.json().getJsonArray("changes");
      changes.forEach(change -> seen.add(((JsonObject) change).getLong("seq")));
      return changes.isEmpty() ? Future.succeededFuture() : readAll(page.json().getLong("next"), seen);
    });
  }

  @Test
  void aTeamGoalIsATargetOfTheTeamKpiAndALeaderTransferTellsBothLeaders(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String team = "t-" + id;
    TestSocket kpi = subscribed("reader", new JsonObject().put("permissions", new JsonArray().add("kpi.read")),
      "kpi.sales_volume.team." + team);
    TestSocket teamSocket = subscribed("m-" + id, new JsonObject().put("teams", new JsonArray().add(team)),
      "team." + team);
    post(hub, "teams", envelope(teamChange(team, "goal_updated", new JsonObject().put("metric", "sales_volume")
        .put("target", 150))).encode())
      .compose(r -> message(teamSocket, "team.goal_updated"))
      .onSuccess(data -> ctx.verify(() -> assertEquals(150, data.getInteger("target"))))
      .compose(v -> post(hub, "transactions", envelope(transaction("sale", "a-" + id, team, 160)).encode()))
      .compose(r -> message(kpi, "kpi.target_reached"))
      .onSuccess(data -> ctx.verify(() -> {
        assertEquals(150, data.getInteger("target"));
        assertEquals(160, data.getInteger("value"));
      }))
      .compose(v -> post(hub, "teams", envelope(teamChange(team, "leader_changed", new JsonObject()
        .put("userId", "new-" + id).put("previousLeaderId", "old-" + id))).encode()))
      .compose(r -> message(teamSocket, "team.leadership_transferred"))
      .onSuccess(data -> ctx.verify(() -> assertEquals("new-" + id, data.getString("userId"))))
      .compose(v -> hub.request("GET", "/api/users/old-" + id + "/notifications", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(old -> ctx.verify(() -> {
        JsonObject notification = old.json().getJsonArray("notifications").getJsonObject(0);
        assertEquals("team.leadership_transferred", notification.getString("event"));
        assertEquals("old-" + id, notification.getJsonObject("data").getString("previousLeaderId"));
        ctx.completeNow();
      })));
  }

  @Test
  void aRepeatedChangeIsAnnouncedOnce(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    JsonObject change = teamChange("t-" + id, "member_added", new JsonObject().put("userId", "u-" + id));
    post(hub, "teams", envelope("r" + id + "-1", change).encode())
      .compose(r -> post(hub, "teams", envelope("r" + id + "-2", change).encode()))
      .compose(r -> allDone(hub, "r" + id, 2))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM user_notification WHERE user_id = $1", "u-" + id))
      .onComplete(ctx.succeeding(notifications -> ctx.verify(() -> {
        assertEquals(1L, notifications);
        ctx.completeNow();
      })));
  }

  @Test
  void itemsMissingWhatTheirChangeNeedsAre422(VertxTestContext ctx) {
    Future.all(List.of(
        expect(teamChange("t", "member_added", new JsonObject()), "items[0].userId: required for member_added"),
        expect(teamChange("t", "goal_updated", new JsonObject().put("metric", "deal_count")),
          "items[0].target: required for goal_updated"),
        expect(teamChange("t", "goal_updated", new JsonObject().put("target", 3)),
          "items[0].metric: required for goal_updated"),
        expect(teamChange("t", "renamed", new JsonObject()), "items[0].change: must be one of"),
        expect(teamChange("t", "goal_updated", new JsonObject().put("metric", "m").put("target", -1)),
          "items[0].target: must be a number of at least 0")))
      .compose(v -> hub.request("GET", "/api/shared/sync/changes?since=x", null, TestHub.API_KEY))
      .onSuccess(r -> ctx.verify(() -> assertEquals(400, r.status(), r.body().toString())))
      .compose(v -> hub.request("GET", "/api/shared/sync/changes", null, null))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(401, r.status(), "the change log needs the API key");
        ctx.completeNow();
      })));
  }

  private Future<Void> expect(JsonObject item, String message) {
    return post(hub, "teams", envelope(item).encode())
      .compose(r -> r.status() == 422 && r.body().toString().contains(message) ? Future.succeededFuture()
        : Future.failedFuture("expected 422 '" + message + "', got " + r.status() + " " + r.body()));
  }
}
