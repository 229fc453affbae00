package dev.realtimehub.core;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Read receipts on {@code conversation.c1}: alice marks, bob sees; the last offsets are queryable. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ReadReceiptsTest {

  private static final String CHANNEL = "conversation.c1";

  private TestHub hub;
  private TestSocket alice;
  private TestSocket bob;

  /** Alice (u1) and bob (u2) subscribed, three messages published and read by both. */
  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
    SemanticsSupport.addMember(hub, CHANNEL, "u1").await();
    SemanticsSupport.addMember(hub, CHANNEL, "u2").await();
    alice = hub.connect(hub.token("u1")).await();
    bob = hub.connect(hub.token("u2")).await();
    alice.subscribe(CHANNEL).await();
    bob.subscribe(CHANNEL).await();
    SemanticsSupport.publishSeries(hub, CHANNEL, 3).await();
    SemanticsSupport.until(alice, frame -> SemanticsSupport.isMessage(frame, "m3")).await();
    SemanticsSupport.until(bob, frame -> SemanticsSupport.isMessage(frame, "m3")).await();
  }

  @AfterEach
  void stop() {
    alice.close().otherwiseEmpty().await();
    bob.close().otherwiseEmpty().await();
    hub.close().await();
  }

  private static JsonObject read(int id, String channel, Object offset) {
    return new JsonObject().put("type", "read").put("id", id).put("channel", channel).put("offset", offset);
  }

  private Future<List<JsonObject>> marker(TestSocket socket, String event) {
    return SemanticsSupport.publish(hub, CHANNEL, event, null)
      .compose(v -> SemanticsSupport.beforeMarker(socket, event));
  }

  private static boolean anyRead(List<JsonObject> frames) {
    return frames.stream().anyMatch(frame -> "read".equals(frame.getString("type")));
  }

  @Test
  void markingAnOffsetRepliesMarkedAndTellsTheOtherMembers(VertxTestContext ctx) {
    alice.send(read(9, CHANNEL, 2))
      .compose(v -> SemanticsSupport.until(alice, SemanticsSupport.reply(9)))
      .onSuccess(frames -> ctx.verify(() -> {
        assertEquals(new JsonObject().put("type", "marked").put("id", 9).put("channel", CHANNEL).put("offset", 2),
          frames.get(frames.size() - 1));
        assertFalse(anyRead(frames), "the reader got its own receipt: " + frames);
      }))
      .compose(v -> bob.next())
      .onSuccess(frame -> ctx.verify(() -> assertEquals(new JsonObject().put("type", "read").put("channel", CHANNEL)
        .put("user", new JsonObject().put("id", "u1")).put("offset", 2), frame)))
      .compose(v -> marker(alice, "after-read"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertFalse(anyRead(before), "the reader got its own receipt: " + before);
        ctx.completeNow();
      })));
  }

  @Test
  void aLowerOffsetIsAcknowledgedButNotBroadcastAndDoesNotMoveBack(VertxTestContext ctx) {
    alice.request(read(1, CHANNEL, 3))
      .compose(v -> bob.next())
      .compose(v -> alice.request(read(2, CHANNEL, 1)))
      .onSuccess(reply -> ctx.verify(() -> assertEquals("marked", reply.getString("type"), reply.encode())))
      .compose(v -> marker(bob, "after-lower-read"))
      .onSuccess(before -> ctx.verify(() -> assertEquals(List.of(), before, "a backwards receipt was broadcast")))
      .compose(v -> alice.request(new JsonObject().put("type", "reads").put("channel", CHANNEL)))
      .onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        assertEquals("reads", reads.getString("type"), reads.encode());
        assertEquals(new JsonObject().put("u1", 3), reads.getJsonObject("reads"));
        ctx.completeNow();
      })));
  }

  @Test
  void anOffsetBeyondTheTopOrZeroIs400(VertxTestContext ctx) {
    alice.request(read(1, CHANNEL, 4))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 400)))
      .compose(v -> alice.request(read(2, CHANNEL, 0)))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 400)))
      .compose(v -> alice.request(read(3, CHANNEL, -1)))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 400)))
      .compose(v -> marker(bob, "after-bad-reads"))
      .onComplete(ctx.succeeding(before -> ctx.verify(() -> {
        assertEquals(List.of(), before, "a refused receipt was broadcast");
        ctx.completeNow();
      })));
  }

  @Test
  void readsListsEveryMembersLastOffsetOverTheSocketAndTheApi(VertxTestContext ctx) {
    alice.request(read(1, CHANNEL, 2))
      .compose(v -> bob.request(read(1, CHANNEL, "3")))
      .compose(v -> bob.request(new JsonObject().put("type", "reads").put("channel", CHANNEL)))
      .onSuccess(reads -> ctx.verify(() -> assertEquals(new JsonObject().put("u1", 2).put("u2", 3),
        reads.getJsonObject("reads"))))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/" + CHANNEL + "/reads"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.status(), response.body().toString());
        assertEquals(new JsonObject().put("channel", CHANNEL).put("reads", new JsonObject().put("u1", 2)
          .put("u2", 3)), response.json());
        ctx.completeNow();
      })));
  }

  @Test
  void readReceiptsOnATypeWithoutThemAre403AndHaveNoApi(VertxTestContext ctx) {
    TestSocket member = hub.connect(hub.token("u5", new JsonObject().put("teams", new JsonArray().add(7)))).await();
    member.subscribe("team.7")
      .compose(v -> member.request(read(1, "team.7", 1)))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 403)))
      .compose(v -> member.request(new JsonObject().put("type", "reads").put("channel", "team.7")))
      .onSuccess(error -> ctx.verify(() -> assertError(error, 403)))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/team.7/reads"))
      .eventually(member::close)
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(404, response.status(), response.body().toString());
        ctx.completeNow();
      })));
  }

  @Test
  void readingAChannelNotSubscribedIs403(VertxTestContext ctx) {
    alice.request(new JsonObject().put("type", "unsubscribe").put("channel", CHANNEL))
      .compose(v -> alice.request(read(1, CHANNEL, 1)))
      .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
        assertError(error, 403);
        ctx.completeNow();
      })));
  }

  private static void assertError(JsonObject frame, int code) {
    assertEquals("error", frame.getString("type"), frame.encode());
    assertEquals(code, frame.getInteger("code"), frame.encode());
  }
}
