package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.AccessSupport.accessApplied;
import static dev.realtimehub.support.AccessSupport.count;
import static dev.realtimehub.support.AccessSupport.sql;
import static dev.realtimehub.support.AccessSupport.user;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users pipeline end to end: a signed users webhook in, roles, permissions and memberships in the store's
 * tables, {@code member:} rules admitting the member, and a live subscription ended (within the 1 s the hub
 * promises) when a later version takes the membership or permission away. Subclasses choose the store.
 */
abstract class UsersPipelineContract extends SyncHubContract {

  /** How long the hub may take to end a subscription after the webhook that withdrew it was accepted. */
  private static final long REVOKE_WITHIN_MS = 1000;

  private Future<TestSocket> connect(String userId, JsonObject claims) {
    return hub.connect(hub.token(userId, claims)).onSuccess(sockets::add);
  }

  private Future<Void> accepted(String body) {
    return post(hub, "users", body).compose(response -> response.status() == 202 ? Future.succeededFuture()
      : Future.failedFuture("webhook answered " + response.status() + " " + response.body()));
  }

  @Test
  void usersWebhookStoresAccessAndMembershipAdmitsTheMember(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String team = "t-" + SyncSupport.uniqueId();
    String group = "g-" + SyncSupport.uniqueId();
    connect(id, new JsonObject())
      .compose(socket -> socket.subscribe("user." + id).map(socket))
      .compose(socket -> accepted(envelope(user(id, 1, List.of("agent"), List.of("kpi.read"), List.of(team),
          List.of(group))).encode())
        .compose(v -> socket.next(frame -> "user.access_changed".equals(frame.getString("event")))))
      .onSuccess(message -> ctx.verify(() -> {
        JsonObject data = message.getJsonObject("data");
        assertEquals(new JsonArray().add(team), data.getJsonArray("teams"));
        assertEquals(1, data.getInteger("version"));
      }))
      .compose(message -> accessApplied(vertx, hub, id, 1))
      .compose(v -> sql(hub, "SELECT kind, group_id FROM memberships WHERE user_id = $1 ORDER BY kind", id))
      .onSuccess(rows -> ctx.verify(() -> {
        List<String> memberships = new ArrayList<>();
        rows.forEach(row -> memberships.add(row.getString(0) + "." + row.getString(1)));
        assertEquals(List.of("investment." + group, "team." + team), memberships);
      }))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM user_permissions WHERE user_id = $1 AND permission = $2 "
        + "AND source = 'hbh2'", id, "kpi.read"))
      .onSuccess(permissions -> ctx.verify(() -> assertEquals(1L, permissions)))
      .compose(v -> connect(id, new JsonObject()))
      .compose(member -> member.subscribe("team." + team).compose(a -> member.subscribe("investment." + group)
        .map(b -> List.of(a, b))))
      .compose(replies -> connect("stranger-" + id, new JsonObject())
        .compose(stranger -> stranger.subscribe("team." + team))
        .map(refused -> List.of(replies.get(0), replies.get(1), refused)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertEquals("subscribed", replies.get(0).getString("type"), replies.get(0).encode());
        assertEquals("subscribed", replies.get(1).getString("type"), replies.get(1).encode());
        assertEquals(403, replies.get(2).getInteger("code"), replies.get(2).encode());
        ctx.completeNow();
      })));
  }

  @Test
  void anAppliedUserIsAStoredNotificationAndEntriesOfTheChangesFeed(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String team = "t-" + SyncSupport.uniqueId();
    accepted(envelope(user(id, 1, List.of("agent"), List.of("kpi.read"), List.of(team), List.of())).encode())
      .compose(v -> accessApplied(vertx, hub, id, 1))
      .compose(v -> hub.request("GET", "/api/users/" + id + "/notifications", null, TestHub.API_KEY))
      .onSuccess(page -> ctx.verify(() -> {
        JsonArray notifications = page.json().getJsonArray("notifications");
        assertEquals(1, notifications.size(), page.body().toString());
        assertEquals("user.access_changed", notifications.getJsonObject(0).getString("event"));
      }))
      .compose(v -> hub.request("GET", "/api/shared/sync/changes?since=0&limit=500", null, TestHub.API_KEY))
      .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
        List<JsonObject> mine = page.json().getJsonArray("changes").stream().map(JsonObject.class::cast)
          .filter(change -> ("user." + id).equals(change.getString("subject"))).toList();
        assertEquals(List.of("permission", "membership"), mine.stream().map(c -> c.getString("kind")).toList(),
          page.body().toString());
        assertEquals(new JsonArray().add(team), mine.get(1).getJsonObject("detail").getJsonArray("teams"));
        assertEquals(new JsonArray().add("kpi.read"), mine.get(0).getJsonObject("detail").getJsonArray("permissions"));
        ctx.completeNow();
      })));
  }

  @Test
  void removedMembershipEndsTheLiveWebSocketSubscriptionWithinASecond(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String team = "t-" + SyncSupport.uniqueId();
    String keptTeam = "t-" + SyncSupport.uniqueId();
    accepted(envelope(user(id, 1, List.of(), List.of(), List.of(team, keptTeam), List.of())).encode())
      .compose(v -> accessApplied(vertx, hub, id, 1))
      .compose(v -> connect(id, new JsonObject()))
      .compose(socket -> socket.subscribe("team." + team)
        .compose(a -> socket.subscribe("team." + keptTeam))
        .onSuccess(reply -> ctx.verify(() -> assertEquals("subscribed", reply.getString("type"))))
        .compose(reply -> accepted(envelope(user(id, 2, List.of(), List.of(), List.of(keptTeam), List.of()))
          .encode()))
        .compose(v -> socket.nextOfType("unsubscribed").timeout(REVOKE_WITHIN_MS, TimeUnit.MILLISECONDS))
        .onSuccess(frame -> ctx.verify(() -> {
          assertEquals("team." + team, frame.getString("channel"));
          assertEquals("access_revoked", frame.getString("reason"));
          assertTrue(frame.getString("message").contains("version 2"), frame.encode());
        }))
        .compose(frame -> hub.publish(new JsonObject().put("channels", new JsonArray().add("team." + team)
          .add("team." + keptTeam)).put("event", "after").put("data", new JsonObject())))
        .compose(published -> socket.nextOfType("message"))
        .compose(message -> socket.subscribe("team." + team).map(again -> List.of(message, again))))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        assertEquals("team." + keptTeam, frames.get(0).getString("channel"), "only the kept team still delivers");
        assertEquals(403, frames.get(1).getInteger("code"), frames.get(1).encode());
        ctx.completeNow();
      })));
  }

  @Test
  void removedGroupEndsTheLiveSseSubscriptionWithinASecond(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String group = "g-" + SyncSupport.uniqueId();
    String token = hub.token(id, new JsonObject().put("groups", new JsonArray().add(group)));
    accepted(envelope(user(id, 1, List.of(), List.of(), List.of(), List.of(group))).encode())
      .compose(v -> accessApplied(vertx, hub, id, 1))
      .compose(v -> hub.sse("/sse?channels=investment." + group + "&token=" + token, Map.of()))
      .compose(stream -> stream.next("subscribed")
        .compose(subscribed -> accepted(envelope(user(id, 2, List.of(), List.of(), List.of(), List.of())).encode()))
        .compose(v -> stream.next("unsubscribed").timeout(REVOKE_WITHIN_MS, TimeUnit.MILLISECONDS))
        .eventually(stream::close))
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        JsonObject data = new JsonObject(event.data());
        assertEquals("investment." + group, data.getString("channel"), "the token's groups claim no longer counts");
        assertEquals("access_revoked", data.getString("reason"));
        ctx.completeNow();
      })));
  }

  @Test
  void withdrawnPermissionEndsOnlySubscriptionsThatDependedOnIt(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String kpi = "kpi.sales_volume.team." + SyncSupport.uniqueId();
    JsonObject reader = new JsonObject().put("permissions", new JsonArray().add("kpi.read"));
    JsonObject admin = reader.copy().put("roles", new JsonArray().add("admin"));
    accepted(envelope(user(id, 1, List.of("admin"), List.of("kpi.read"), List.of(), List.of())).encode())
      .compose(v -> connect(id, reader))
      .compose(readerSocket -> connect(id, admin).compose(adminSocket -> readerSocket.subscribe(kpi)
        .compose(a -> adminSocket.subscribe(kpi))
        .compose(b -> accepted(envelope(user(id, 2, List.of("admin"), List.of(), List.of(), List.of())).encode()))
        .compose(v -> readerSocket.nextOfType("unsubscribed").timeout(REVOKE_WITHIN_MS, TimeUnit.MILLISECONDS))
        .onSuccess(frame -> ctx.verify(() -> assertEquals(kpi, frame.getString("channel"))))
        .compose(frame -> hub.publish(new JsonObject().put("channel", kpi).put("event", "after")
          .put("data", new JsonObject())))
        .compose(published -> adminSocket.nextOfType("message"))))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("after", message.getString("event"), "the admin role still admits the second connection");
        ctx.completeNow();
      })));
  }

  @Test
  void staleAndDuplicateVersionsAreIgnoredAndAudited(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String newer = envelope(user(id, 5, List.of("agent"), List.of(), List.of("t-new"), List.of())).encode();
    String older = envelope(user(id, 3, List.of("agent"), List.of(), List.of("t-old"), List.of())).encode();
    accepted(newer)
      .compose(v -> post(hub, "users", newer))
      .onSuccess(again -> ctx.verify(() -> assertEquals(200, again.status(), again.body().toString())))
      // The older version must arrive after the newer one was applied, or it would simply apply first.
      .compose(again -> ApiSupport.eventually(vertx, 8000, () -> count(hub, "SELECT COUNT(*) FROM user_access "
        + "WHERE id = $1 AND version = 5", id).map(n -> n == 1)))
      .compose(v -> accepted(older))
      .compose(v -> ApiSupport.eventually(vertx, 8000, () -> count(hub, "SELECT COUNT(*) FROM audit "
        + "WHERE source = 'users' AND detail LIKE $1", "%\"stale\":[{\"id\":\"" + id + "\",\"version\":3,"
        + "\"storedVersion\":5}]%").map(n -> n == 1)))
      .compose(v -> sql(hub, "SELECT version, team_ids FROM user_access WHERE id = $1", id))
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        assertEquals(5L, rows.iterator().next().getLong("version"));
        assertEquals("[\"t-new\"]", rows.iterator().next().getString("team_ids"));
        ctx.completeNow();
      })));
  }

  @Test
  void concurrentVersionsOfOneUserEndAtTheNewest(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    List<Future<Void>> posts = new ArrayList<>();
    for (int version = 1; version <= 6; version++) {
      posts.add(accepted(envelope(user(id, version, List.of(), List.of(), List.of("t" + version), List.of()))
        .encode()));
    }
    Future.all(posts)
      .compose(v -> ApiSupport.eventually(vertx, 8000, () -> count(hub, "SELECT COUNT(*) FROM inbox "
        + "WHERE source = 'users' AND status = 'pending' AND payload LIKE $1", "%\"" + id + "\"%").map(n -> n == 0)))
      .compose(v -> accessApplied(vertx, hub, id, 1))
      .compose(v -> sql(hub, "SELECT group_id FROM memberships WHERE user_id = $1", id))
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        assertEquals(1, rows.size(), "one team: the newest version's");
        assertEquals("t6", rows.iterator().next().getString(0));
        ctx.completeNow();
      })));
  }

  @Test
  void badUsersItemIs422NamingTheField(VertxTestContext ctx) {
    JsonObject item = user("u-1", 1, List.of(), List.of(), List.of(), List.of()).put("version", "two");
    post(hub, "users", envelope(item).encode())
      .compose(first -> post(hub, "users", envelope(user("u-1", 1, List.of(), List.of(), List.of("bad id!"),
        List.of())).encode()).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
        assertEquals(422, responses.get(0).status());
        assertTrue(responses.get(0).json().getJsonObject("error").getString("message")
          .startsWith("items[0].version"), responses.get(0).body().toString());
        assertEquals(422, responses.get(1).status());
        assertTrue(responses.get(1).json().getJsonObject("error").getString("message")
          .startsWith("items[0].teams"), responses.get(1).body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void deletingAMembershipThroughTheApiEndsTheLiveSubscription(VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String conversation = "conversation." + SyncSupport.uniqueId();
    hub.request("PUT", "/api/channels/" + conversation + "/members/" + id, null, TestHub.API_KEY)
      .compose(put -> connect(id, new JsonObject()))
      .compose(socket -> socket.subscribe(conversation)
        .compose(reply -> hub.request("DELETE", "/api/channels/" + conversation + "/members/" + id, null,
          TestHub.API_KEY))
        .compose(deleted -> socket.nextOfType("unsubscribed").timeout(REVOKE_WITHIN_MS, TimeUnit.MILLISECONDS)))
      .onComplete(ctx.succeeding(frame -> ctx.verify(() -> {
        assertEquals(conversation, frame.getString("channel"));
        assertEquals("access_revoked", frame.getString("reason"));
        ctx.completeNow();
      })));
  }
}
