package dev.realtimehub.core;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.SemanticsSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The roster cap (a listing limit, counts stay exact) and the member cap (a refusal). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PresenceLimitsTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    if (hub != null) {
      hub.close().await();
    }
  }

  private TestSocket connect(String sub, JsonObject claims) {
    TestSocket socket = hub.connect(hub.token(sub, claims)).await();
    sockets.add(socket);
    return socket;
  }

  private static JsonObject team7() {
    return new JsonObject().put("teams", new JsonArray().add(7));
  }

  @Test
  void rosterBeyondTheCapListsTheCapButCountsEveryone(Vertx vertx, VertxTestContext ctx) {
    hub = TestHub.start(vertx, Map.of("HUB_PRESENCE_MAX_ROSTER", "2")).await();
    connect("u1", team7()).subscribe("team.7").await();
    connect("u2", team7()).subscribe("team.7").await();
    connect("u3", team7()).subscribe("team.7")
      .onSuccess(reply -> ctx.verify(() -> {
        assertEquals("subscribed", reply.getString("type"), reply.encode());
        assertEquals(2, reply.getJsonArray("presence").size(), reply.encode());
        assertEquals(3, reply.getInteger("presence_count"));
      }))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/team.7/presence"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(2, response.json().getJsonArray("members").size(), response.body().toString());
        assertEquals(3, response.json().getInteger("count"));
        ctx.completeNow();
      })));
  }

  @Test
  void aFullChannelRefusesTheNextUserWith429AndAdmitsItOnceSomeoneLeaves(Vertx vertx, VertxTestContext ctx) {
    String channels = SemanticsSupport.channelsFile(Map.of("session", Map.of("max_members", 2)));
    hub = TestHub.start(vertx, Map.of("HUB_CHANNELS_FILE", channels)).await();
    String channel = "session.s1";
    for (String user : List.of("u1", "u2", "u3")) {
      SemanticsSupport.addMember(hub, channel, user).await();
    }
    TestSocket first = connect("u1", new JsonObject());
    first.subscribe(channel).await();
    TestSocket secondConnectionOfFirst = connect("u1", new JsonObject());
    TestSocket second = connect("u2", new JsonObject());
    TestSocket third = connect("u3", new JsonObject());
    secondConnectionOfFirst.subscribe(channel)
      .onSuccess(reply -> ctx.verify(() -> assertEquals("subscribed", reply.getString("type"),
        "a user already present does not count twice: " + reply.encode())))
      .compose(v -> second.subscribe(channel))
      .onSuccess(reply -> ctx.verify(() -> assertEquals(2, reply.getInteger("presence_count"), reply.encode())))
      .compose(v -> third.subscribe(channel))
      .onSuccess(refusal -> ctx.verify(() -> {
        assertEquals("error", refusal.getString("type"), refusal.encode());
        assertEquals(429, refusal.getInteger("code"));
        assertEquals("rate_limited", refusal.getString("reason"));
      }))
      .compose(v -> ApiSupport.subscribers(hub, channel))
      .onSuccess(count -> ctx.verify(() -> assertEquals(3, count, "the refused connection is not subscribed")))
      .compose(v -> SemanticsSupport.get(hub, "/api/channels/" + channel + "/presence"))
      .onSuccess(response -> ctx.verify(() -> assertEquals(2, response.json().getInteger("count"))))
      .compose(v -> second.request(new JsonObject().put("type", "unsubscribe").put("channel", channel)))
      .compose(v -> third.subscribe(channel))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals("subscribed", reply.getString("type"), reply.encode());
        assertEquals(new JsonArray().add(new JsonObject().put("id", "u1")).add(new JsonObject().put("id", "u3")),
          reply.getJsonArray("presence"));
        ctx.completeNow();
      })));
  }
}
