package dev.realtimehub.core;

import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resuming a native subscription with {@code since}/{@code epoch} on {@code public.h} (history_size 20). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RecoveryTest {

  private static final String CHANNEL = "public.h";

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  private TestSocket connect() {
    TestSocket socket = hub.connect(null).await();
    sockets.add(socket);
    return socket;
  }

  private static JsonObject resume(Object id, String channel, long since, String epoch) {
    return new JsonObject().put("type", "subscribe").put("id", id).put("channel", channel).put("since", since)
      .put("epoch", epoch);
  }

  /** Sends {@code frame}, checks its {@code subscribed} reply, and returns the message offsets up to {@code marker}. */
  private Future<List<Long>> resumeThenMarker(TestSocket socket, JsonObject frame, boolean recovered, long top,
                                             String marker, VertxTestContext ctx) {
    return socket.send(frame)
      .compose(v -> socket.next(SemanticsSupport.reply(frame.getValue("id"))))
      .onSuccess(reply -> ctx.verify(() -> {
        assertEquals("subscribed", reply.getString("type"), reply.encode());
        assertEquals(recovered, reply.getBoolean("recovered"), reply.encode());
        assertEquals(top, reply.getLong("offset"), reply.encode());
      }))
      .compose(v -> SemanticsSupport.publish(hub, frame.getString("channel"), marker, null))
      .compose(v -> SemanticsSupport.beforeMarker(socket, marker))
      .map(frames -> frames.stream().map(f -> f.getLong("offset")).toList());
  }

  @Test
  void resumingReplaysTheMissedMessagesInOrderThenLiveOnesExactlyOnce(VertxTestContext ctx) {
    TestSocket listener = connect();
    listener.subscribe(CHANNEL).await();
    SemanticsSupport.publishSeries(hub, CHANNEL, 5).await();
    JsonObject second = listener.next(frame -> SemanticsSupport.isMessage(frame, "m2")).await();
    TestSocket resumer = connect();
    JsonObject frame = resume(1, CHANNEL, second.getLong("offset"), second.getString("epoch"));
    resumer.send(frame)
      .compose(v -> SemanticsSupport.until(resumer, SemanticsSupport.reply(1)))
      .onSuccess(frames -> ctx.verify(() -> {
        JsonObject reply = frames.get(frames.size() - 1);
        assertEquals(true, reply.getBoolean("recovered"), reply.encode());
        assertEquals(5L, reply.getLong("offset"));
        assertEquals(second.getString("epoch"), reply.getString("epoch"));
      }))
      .compose(v -> SemanticsSupport.publish(hub, CHANNEL, "m6", null))
      .compose(v -> SemanticsSupport.publish(hub, CHANNEL, "end", null))
      .compose(v -> SemanticsSupport.beforeMarker(resumer, "end"))
      .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
        assertEquals(List.of(3L, 4L, 5L, 6L), frames.stream().map(f -> f.getLong("offset")).toList());
        assertEquals(List.of("m3", "m4", "m5", "m6"), frames.stream().map(f -> f.getString("event")).toList());
        ctx.completeNow();
      })));
  }

  @Test
  void aPositionOutOfHistoryIsNotRecoveredAndReplaysNothing(VertxTestContext ctx) {
    String epoch = SemanticsSupport.publishSeries(hub, CHANNEL, 25).await().getString("epoch");
    resumeThenMarker(connect(), resume(1, CHANNEL, 2, epoch), false, 25, "live", ctx)
      .onComplete(ctx.succeeding(offsets -> ctx.verify(() -> {
        assertEquals(List.of(), offsets, "a partial replay");
        ctx.completeNow();
      })));
  }

  @Test
  void aWrongEpochIsNotRecoveredAndReplaysNothing(VertxTestContext ctx) {
    SemanticsSupport.publishSeries(hub, CHANNEL, 5).await();
    resumeThenMarker(connect(), resume(1, CHANNEL, 2, "0ther3pc"), false, 5, "live", ctx)
      .onComplete(ctx.succeeding(offsets -> ctx.verify(() -> {
        assertEquals(List.of(), offsets, "replayed messages of another epoch");
        ctx.completeNow();
      })));
  }

  @Test
  void anOffsetFromTheFutureIsNotRecovered(VertxTestContext ctx) {
    String epoch = SemanticsSupport.publishSeries(hub, CHANNEL, 5).await().getString("epoch");
    resumeThenMarker(connect(), resume(1, CHANNEL, 9, epoch), false, 5, "live", ctx)
      .onComplete(ctx.succeeding(offsets -> ctx.verify(() -> {
        assertEquals(List.of(), offsets);
        ctx.completeNow();
      })));
  }

  @Test
  void sinceZeroOnAFreshChannelIsRecovered(VertxTestContext ctx) {
    resumeThenMarker(connect(), resume(1, "public.fresh", 0, ""), true, 0, "first", ctx)
      .onComplete(ctx.succeeding(offsets -> ctx.verify(() -> {
        assertEquals(List.of(), offsets);
        ctx.completeNow();
      })));
  }

  @Test
  void sinceTheTopIsRecoveredWithoutReplay(VertxTestContext ctx) {
    String epoch = SemanticsSupport.publishSeries(hub, CHANNEL, 3).await().getString("epoch");
    resumeThenMarker(connect(), resume("r", CHANNEL, 3, epoch), true, 3, "live", ctx)
      .onComplete(ctx.succeeding(offsets -> ctx.verify(() -> {
        assertEquals(List.of(), offsets);
        ctx.completeNow();
      })));
  }

  @Test
  void aPlainSubscribeCarriesThePositionButNoRecoveredFlag(VertxTestContext ctx) {
    JsonObject last = SemanticsSupport.publishSeries(hub, CHANNEL, 2).await();
    connect().subscribe(CHANNEL).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals(2L, reply.getLong("offset"));
      assertEquals(last.getString("epoch"), reply.getString("epoch"));
      assertFalse(reply.containsKey("recovered"), reply.encode());
      assertTrue(reply.getString("epoch").length() > 0);
      ctx.completeNow();
    })));
  }
}
