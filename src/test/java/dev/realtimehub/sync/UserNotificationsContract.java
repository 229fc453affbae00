package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.realtimehub.support.DomainSupport.allDone;
import static dev.realtimehub.support.DomainSupport.investment;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable user notifications: what a pipeline sent to {@code user.{id}} while nobody listened is read later from
 * {@code GET /api/users/{id}/notifications}, paged by cursor, and marked read by ids or up to a cursor.
 */
abstract class UserNotificationsContract extends SyncHubContract {

  private Future<TestResponse> get(String uri) {
    return hub.request("GET", uri, null, TestHub.API_KEY);
  }

  private Future<TestResponse> markRead(String user, JsonObject body) {
    return hub.request("POST", "/api/users/" + user + "/notifications/read", body.encode(), TestHub.API_KEY);
  }

  @Test
  void anOfflineUserReadsTheNotificationsLaterAndMarksThemRead(VertxTestContext ctx) {
    String id = SyncSupport.uniqueId();
    String user = "u-" + id;
    String base = "/api/users/" + user + "/notifications";
    long[] ids = new long[3];
    post(hub, "investments", envelope("n" + id + "-1", investment("g1-" + id, user, "p", 10)).encode())
      .compose(r -> allDone(hub, "n" + id + "-1", 1))
      .compose(v -> post(hub, "investments", envelope("n" + id + "-2", investment("g2-" + id, user, "p", 20)).encode()))
      .compose(r -> allDone(hub, "n" + id + "-2", 1))
      .compose(v -> post(hub, "investments", envelope("n" + id + "-3", investment("g3-" + id, user, "p", 30)).encode()))
      .compose(r -> allDone(hub, "n" + id, 3))
      .compose(v -> get(base))
      .onSuccess(all -> ctx.verify(() -> {
        JsonArray list = all.json().getJsonArray("notifications");
        assertEquals(3, list.size(), all.body().toString());
        for (int i = 0; i < 3; i++) {
          JsonObject notification = list.getJsonObject(i);
          ids[i] = notification.getLong("id");
          assertEquals("investment.recorded", notification.getString("event"));
          assertEquals("g" + (i + 1) + "-" + id, notification.getJsonObject("data").getString("groupId"));
          assertEquals(null, notification.getValue("readAt"));
        }
        assertEquals(ids[2], all.json().getLong("next"));
      }))
      .compose(v -> get(base + "?limit=1&since=" + ids[0]))
      .onSuccess(page -> ctx.verify(() -> {
        assertEquals(1, page.json().getJsonArray("notifications").size());
        assertEquals(ids[1], page.json().getLong("next"));
      }))
      .compose(v -> markRead(user, new JsonObject().put("ids", new JsonArray().add(ids[1]))))
      .onSuccess(marked -> ctx.verify(() -> assertEquals(1, marked.json().getInteger("marked"))))
      .compose(v -> get(base + "?unread=true"))
      .onSuccess(unread -> ctx.verify(() -> assertEquals(List.of(ids[0], ids[2]), idsOf(unread))))
      .compose(v -> markRead(user, new JsonObject().put("upTo", ids[2])))
      .onSuccess(marked -> ctx.verify(() -> assertEquals(2, marked.json().getInteger("marked"))))
      .compose(v -> markRead("someone-else-" + id, new JsonObject().put("upTo", ids[2])))
      .onSuccess(marked -> ctx.verify(() -> assertEquals(0, marked.json().getInteger("marked"))))
      .compose(v -> get(base + "?unread=true"))
      .onComplete(ctx.succeeding(unread -> ctx.verify(() -> {
        assertTrue(idsOf(unread).isEmpty(), unread.body().toString());
        ctx.completeNow();
      })));
  }

  private static List<Long> idsOf(TestResponse response) {
    return response.json().getJsonArray("notifications").stream()
      .map(n -> ((JsonObject) n).getLong("id"))
      .toList();
  }

  @Test
  void badRequestsAreRefusedWithTheirReason(VertxTestContext ctx) {
    String base = "/api/users/u1/notifications";
    Future.all(List.of(
        expect(get(base + "?since=-1"), 400, "since"),
        expect(get(base + "?limit=0"), 400, "limit"),
        expect(get(base + "?limit=201"), 400, "limit"),
        expect(get(base + "?unread=maybe"), 400, "unread"),
        expect(get("/api/users/a%20b/notifications"), 400, "user id"),
        expect(hub.request("GET", base, null, null), 401, ""),
        expect(markRead("u1", new JsonObject()), 422, "either ids"),
        expect(markRead("u1", new JsonObject().put("ids", new JsonArray()).put("upTo", 3)), 422, "either ids"),
        expect(markRead("u1", new JsonObject().put("ids", "all")), 422, "ids:"),
        expect(markRead("u1", new JsonObject().put("ids", new JsonArray().add("x"))), 422, "ids[0]"),
        expect(markRead("u1", new JsonObject().put("upTo", -4)), 422, "upTo"),
        expect(hub.request("POST", base + "/read", "[1,2]", TestHub.API_KEY), 400, "JSON object"),
        expect(hub.request("POST", base + "/read", "{", TestHub.API_KEY), 400, "JSON object")))
      .onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> expect(Future<TestResponse> response, int status, String message) {
    return response.compose(r -> r.status() == status && r.body().toString().contains(message)
      ? Future.succeededFuture() : Future.failedFuture("expected " + status + " naming '" + message + "', got "
      + r.status() + " " + r.body()));
  }
}
