package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.realtimehub.support.AccessSupport.access;
import static dev.realtimehub.support.AccessSupport.count;
import static dev.realtimehub.support.AccessSupport.features;
import static dev.realtimehub.support.AccessSupport.learning;
import static dev.realtimehub.support.AccessSupport.sql;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learning pipeline and the feature API end to end: a completion of {@code bidding-101} unlocks
 * {@code advanced_bidding} once (stored, permission granted, announced on {@code learning.}, {@code features.} and
 * {@code user.}), out-of-order progress is ignored, bad items and requests get their documented errors.
 * Subclasses choose the store.
 */
abstract class LearningPipelineContract extends SyncHubContract {

  private static final long WAIT_MS = 8000;

  /** A connection of {@code userId} subscribed to each channel, in order. */
  private Future<TestSocket> subscribed(String userId, String... channels) {
    Future<TestSocket> socket = hub.connect(hub.token(userId)).onSuccess(sockets::add);
    for (String channel : channels) {
      socket = socket.compose(s -> s.subscribe(channel).compose(reply -> "subscribed".equals(reply.getString("type"))
        ? Future.succeededFuture(s) : Future.failedFuture(reply.encode())));
    }
    return socket;
  }

  private Future<Void> accepted(String body) {
    return post(hub, "learning", body).compose(response -> response.status() == 202 ? Future.succeededFuture()
      : Future.failedFuture("webhook answered " + response.status() + " " + response.body()));
  }

  private static Future<JsonObject> nextEvent(TestSocket socket, String event) {
    return socket.next(frame -> "message".equals(frame.getString("type")) && event.equals(frame.getString("event")));
  }

  @Test
  void completingBidding101UnlocksAdvancedBiddingOnce(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    String completion = envelope(learning(id, "bidding-101", "completed", 100, "2026-03-01T10:00:00Z")).encode();
    subscribed(id, "learning." + id, "features." + id, "user." + id)
      .compose(socket -> features(hub, "check-access", access(id, "advanced_bidding"))
        .onSuccess(before -> ctx.verify(() -> {
          assertFalse(before.json().getBoolean("allowed"));
          assertEquals(new JsonArray().add("course:bidding-101"), before.json().getJsonArray("missing"));
        }))
        .compose(before -> accepted(completion))
        .compose(v -> nextEvent(socket, "learning.completed"))
        .onSuccess(message -> ctx.verify(() -> assertEquals("learning." + id, message.getString("channel"))))
        .compose(message -> nextEvent(socket, "feature.unlocked"))
        .compose(first -> nextEvent(socket, "feature.unlocked").map(second -> List.of(first, second))))
      .onSuccess(unlocks -> ctx.verify(() -> {
        assertEquals(List.of("features." + id, "user." + id),
          unlocks.stream().map(frame -> frame.getString("channel")).sorted().toList());
        JsonObject data = unlocks.get(0).getJsonObject("data");
        assertEquals("advanced_bidding", data.getString("feature"));
        assertEquals("feature.advanced_bidding", data.getString("permission"));
        assertEquals("rule", data.getString("source"));
      }))
      .compose(v -> accepted(envelope(learning(id, "bidding-101", "completed", 100, "2026-03-02T10:00:00Z"))
        .encode()))
      .compose(v -> ApiSupport.eventually(vertx, WAIT_MS, () -> count(hub, "SELECT COUNT(*) FROM audit "
        + "WHERE source = 'learning' AND detail LIKE $1", "%" + id + "%").map(n -> n == 2)))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM user_notification WHERE user_id = $1 AND event = $2", id,
        "feature.unlocked"))
      .onSuccess(announced -> ctx.verify(() -> assertEquals(1L, announced, "a second completion unlocks nothing")))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM user_permissions WHERE user_id = $1 AND permission = $2 "
        + "AND source = 'feature'", id, "feature.advanced_bidding"))
      .onSuccess(granted -> ctx.verify(() -> assertEquals(1L, granted)))
      .compose(v -> features(hub, "check-access", access(id, "advanced_bidding")))
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        assertEquals(200, after.status(), after.body().toString());
        assertTrue(after.json().getBoolean("allowed"));
        assertEquals(new JsonArray(), after.json().getJsonArray("missing"));
        ctx.completeNow();
      })));
  }

  @Test
  void olderProgressAfterNewerIsIgnoredAndCompletionStaysFinal(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    TestSocket socket = subscribed(id, "learning." + id).await();
    List<JsonObject> arrivals = List.of(
      learning(id, "leadership-101", "progress", 60, "2026-03-01T12:00:00Z"),
      learning(id, "leadership-101", "enrolled", 0, "2026-03-01T09:00:00Z"),
      learning(id, "leadership-101", "completed", 100, "2026-03-01T13:00:00Z"),
      learning(id, "leadership-101", "progress", 80, "2026-03-01T14:00:00Z"));
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < arrivals.size(); i++) {
      JsonObject item = arrivals.get(i);
      long applied = i + 1;
      // One at a time: two workers may otherwise apply neighbouring events in either order.
      chain = chain.compose(v -> accepted(envelope(item).encode()))
        .compose(v -> ApiSupport.eventually(vertx, WAIT_MS, () -> count(hub, "SELECT COUNT(*) FROM audit "
          + "WHERE source = 'learning' AND detail LIKE $1", "%" + id + "%").map(n -> n == applied)));
    }
    chain
      .compose(v -> sql(hub, "SELECT status, progress FROM learning_progress WHERE user_id = $1", id))
      .onSuccess(rows -> ctx.verify(() -> {
        assertEquals("completed", rows.iterator().next().getString("status"));
        assertEquals(100, rows.iterator().next().getBigDecimal("progress").intValue());
      }))
      .compose(v -> count(hub, "SELECT COUNT(*) FROM audit WHERE source = 'learning' AND detail LIKE $1 "
        + "AND detail LIKE $2", "%" + id + "%", "%\"stale\":[{%"))
      .onSuccess(stale -> ctx.verify(() -> assertEquals(2L, stale, "the late enrolment and the late progress")))
      // Messages leave in the order the events were applied: once the next course's enrolment is seen, every
      // announcement of the events before it has been.
      .compose(v -> accepted(envelope(learning(id, "later-101", "enrolled", 0, "2026-03-01T15:00:00Z")).encode()))
      .compose(v -> announcementsUntil(socket, "later-101", new ArrayList<>()))
      .onComplete(ctx.succeeding(announced -> ctx.verify(() -> {
        assertEquals(List.of("learning.progress leadership-101", "learning.completed leadership-101"), announced,
          "only the first progress item and the completion were announced");
        ctx.completeNow();
      })));
  }

  /** The {@code learning.*} messages of the socket as "event course", up to the first one of {@code lastCourse}. */
  private static Future<List<String>> announcementsUntil(TestSocket socket, String lastCourse, List<String> seen) {
    return socket.next(frame -> "message".equals(frame.getString("type"))).compose(frame -> {
      String course = frame.getJsonObject("data").getString("courseId");
      if (lastCourse.equals(course)) {
        return Future.succeededFuture(seen);
      }
      seen.add(frame.getString("event") + " " + course);
      return announcementsUntil(socket, lastCourse, seen);
    });
  }

  @Test
  void prerequisitesAcrossCertificationsAndFeaturesAreReportedAndUnlockInTurn(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    features(hub, "check-access", access(id, "bulk_property_operations"))
      .onSuccess(before -> ctx.verify(() -> assertEquals(
        new JsonArray().add("course:property-management-201").add("feature:advanced_bidding"),
        before.json().getJsonArray("missing"))))
      .compose(before -> accepted(envelope(
        learning(id, "property-management-201", "completed", 100, "2026-03-01T10:00:00Z"),
        learning(id, "bidding-101", "completed", 100, "2026-03-01T11:00:00Z"),
        learning(id, "investing-101", "completed", 100, "2026-03-01T12:00:00Z")
          .put("certificationId", "certified-investor")).encode()))
      .compose(v -> ApiSupport.eventually(vertx, WAIT_MS, () -> count(hub, "SELECT COUNT(*) FROM feature_unlocks "
        + "WHERE user_id = $1", id).map(n -> n == 3)))
      .compose(v -> features(hub, "check-access", access(id, "investment_group_creation")))
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        assertTrue(after.json().getBoolean("allowed"), after.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void manualUnlockNotifiesAndUnlocksWhatDependedOnIt(Vertx vertx, VertxTestContext ctx) {
    String id = "u-" + SyncSupport.uniqueId();
    subscribed(id, "features." + id)
      .compose(socket -> accepted(envelope(learning(id, "analytics-201", "completed", 100, "2026-03-01T10:00:00Z"))
          .encode())
        .compose(v -> ApiSupport.eventually(vertx, WAIT_MS, () -> count(hub, "SELECT COUNT(*) FROM audit "
          + "WHERE source = 'learning' AND detail LIKE $1", "%" + id + "%").map(n -> n == 1)))
        .compose(v -> features(hub, "unlock", access(id, "team_management")))
        .onSuccess(unlocked -> ctx.verify(() -> {
          assertEquals(200, unlocked.status(), unlocked.body().toString());
          assertTrue(unlocked.json().getBoolean("new"));
          assertEquals(new JsonArray().add("advanced_analytics"), unlocked.json().getJsonArray("alsoUnlocked"));
        }))
        .compose(unlocked -> nextEvent(socket, "feature.unlocked"))
        .compose(first -> nextEvent(socket, "feature.unlocked").map(second -> List.of(first, second))))
      .compose(unlocks -> features(hub, "unlock", access(id, "team_management")).map(again -> {
        ctx.verify(() -> {
          assertEquals("manual", unlocks.get(0).getJsonObject("data").getString("source"));
          assertEquals("advanced_analytics", unlocks.get(1).getJsonObject("data").getString("feature"));
        });
        return again;
      }))
      .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
        assertEquals(200, again.status());
        assertFalse(again.json().getBoolean("new"), "unlocking twice is idempotent");
        ctx.completeNow();
      })));
  }

  @Test
  void badRequestsGetTheirDocumentedErrors(VertxTestContext ctx) {
    JsonObject badStatus = learning("u-1", "bidding-101", "finished", 100, "2026-03-01T10:00:00Z");
    JsonObject badProgress = learning("u-1", "bidding-101", "progress", 101, "2026-03-01T10:00:00Z");
    List<Future<TestResponse>> responses = List.of(
      post(hub, "learning", envelope(badStatus).encode()),
      post(hub, "learning", envelope(badProgress).encode()),
      features(hub, "check-access", "{not json"),
      features(hub, "check-access", new JsonObject().put("feature", "advanced_bidding").encode()),
      features(hub, "check-access", access("u-1", "time_travel")),
      features(hub, "unlock", new JsonObject().put("userId", "u 1").put("feature", "advanced_bidding").encode()),
      hub.request("POST", "/api/shared/features/unlock", access("u-1", "advanced_bidding"), null));
    Future.all(responses)
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertError(responses.get(0).result(), 422, "items[0].status");
        assertError(responses.get(1).result(), 422, "items[0].progress");
        assertError(responses.get(2).result(), 400, "body");
        assertError(responses.get(3).result(), 422, "userId");
        assertError(responses.get(4).result(), 404, "no such feature");
        assertError(responses.get(5).result(), 422, "userId");
        assertEquals(401, responses.get(6).result().status());
        ctx.completeNow();
      })));
  }

  private static void assertError(TestResponse response, int status, String messageStart) {
    assertEquals(status, response.status(), response.body().toString());
    assertTrue(response.json().getJsonObject("error").getString("message").startsWith(messageStart),
      response.body().toString());
  }
}
