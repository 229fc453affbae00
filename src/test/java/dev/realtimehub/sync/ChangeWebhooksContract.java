package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.sync.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.realtimehub.support.AccessSupport.user;
import static dev.realtimehub.support.SyncSupport.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change log pushed to HBH-2 as signed webhooks ({@code hbh2.webhook_url}), received by a real HTTP server that
 * checks each signature: a users webhook's permission and membership changes arrive in order, and a request HBH-2
 * refuses is sent again from the same change until one is acknowledged. Subclasses choose the store.
 */
abstract class ChangeWebhooksContract {

  private static final String SECRET = "hbh2-change-secret-0123456789";

  private TestHub hub;
  private HttpServer receiver;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();

  /** One request as the receiver saw it. */
  private record Received(int status, boolean signed, JsonObject body) {
  }

  abstract Map<String, String> store();

  private void start(Vertx vertx) {
    receiver = vertx.createHttpServer().requestHandler(this::receive).listen(0, "127.0.0.1").await();
    Map<String, String> env = new HashMap<>(store());
    env.put("HUB_HBH2_WEBHOOK_URL", "http://127.0.0.1:" + receiver.actualPort() + "/hub/changes");
    env.put("HUB_HBH2_WEBHOOK_SECRET", SECRET);
    hub = TestHub.start(vertx, SyncSupport.env(env)).await();
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close().await();
    }
    if (receiver != null) {
      receiver.close().await();
    }
  }

  private void receive(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      boolean signed;
      try {
        new WebhookSignature(SECRET, 300).verify(request.getHeader(WebhookSignature.HEADER), body.getBytes(),
          System.currentTimeMillis() / 1000);
        signed = true;
      } catch (RuntimeException e) {
        signed = false;
      }
      int status;
      synchronized (this) {
        Integer next = answers.poll();
        status = next == null ? 204 : next;
        received.add(new Received(status, signed, body.toJsonObject()));
      }
      request.response().setStatusCode(status).end();
    });
  }

  private synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The changes about {@code subject} in acknowledged requests, in the order they arrived. */
  private List<JsonObject> acknowledged(String subject) {
    return received().stream().filter(r -> r.status() / 100 == 2)
      .flatMap(r -> r.body().getJsonArray("changes").stream().map(JsonObject.class::cast))
      .filter(change -> subject.equals(change.getString("subject")))
      .toList();
  }

  private Future<Void> usersWebhook(String id, String team) {
    return SyncSupport.post(hub, "users", envelope(user(id, 1, List.of("agent"), List.of("kpi.read"), List.of(team),
        List.of())).encode())
      .compose(r -> r.status() == 202 ? Future.succeededFuture() : Future.failedFuture("users webhook: " + r.status()));
  }

  @Test
  void permissionAndMembershipChangesReachHbh2SignedAndInOrder(Vertx vertx, VertxTestContext ctx) {
    start(vertx);
    String id = "u-" + SyncSupport.uniqueId();
    usersWebhook(id, "t-" + SyncSupport.uniqueId())
      .compose(v -> DomainSupport.eventually(vertx, () -> Future.succeededFuture(acknowledged("user." + id).size() == 2)))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        List<JsonObject> mine = acknowledged("user." + id);
        assertEquals(List.of("permission", "membership"), mine.stream().map(c -> c.getString("kind")).toList());
        assertTrue(mine.get(0).getLong("seq") < mine.get(1).getLong("seq"));
        for (Received request : received()) {
          assertTrue(request.signed(), "every request carries a valid X-Hub-Signature");
          List<Long> seqs = request.body().getJsonArray("changes").stream()
            .map(change -> ((JsonObject) change).getLong("seq")).toList();
          assertEquals(seqs.get(seqs.size() - 1), request.body().getLong("cursor"), request.body().encode());
          assertEquals("changes-" + seqs.get(0) + "-" + seqs.get(seqs.size() - 1),
            request.body().getString("deliveryId"));
        }
        ctx.completeNow();
      })));
  }

  @Test
  void aRefusedRequestIsSentAgainFromTheSameChangeUntilHbh2AcknowledgesIt(Vertx vertx, VertxTestContext ctx) {
    synchronized (this) {
      answers.addAll(List.of(503, 500));
    }
    start(vertx);
    String id = "u-" + SyncSupport.uniqueId();
    usersWebhook(id, "t-" + SyncSupport.uniqueId())
      .compose(v -> DomainSupport.eventually(vertx, () -> Future.succeededFuture(acknowledged("user." + id).size() == 2)))
      .compose(v -> hub.request("GET", "/metrics", null, null))
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        List<Received> all = received();
        assertEquals(List.of(503, 500, 204), all.subList(0, 3).stream().map(Received::status).toList());
        long firstSeq = firstSeq(all.get(0));
        assertEquals(firstSeq, firstSeq(all.get(1)), "the refused changes are sent again");
        assertEquals(firstSeq, firstSeq(all.get(2)), "… until acknowledged");
        for (int i = 3; i < all.size(); i++) {
          assertEquals(firstSeq(all.get(i)), all.get(i - 1).body().getLong("cursor") + 1,
            "after an acknowledgement the next request starts after it");
        }
        assertTrue(ApiSupport.metric(metrics.body().toString(),
          "hub_hbh2_changes_total{outcome=\"failed\"}") >= 2, metrics.body().toString());
        ctx.completeNow();
      })));
  }

  private static long firstSeq(Received request) {
    return request.body().getJsonArray("changes").getJsonObject(0).getLong("seq");
  }
}
