package dev.realtimehub.cluster;

import dev.realtimehub.support.RedisSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
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

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two hub nodes in one process, joined through Redis: what one node publishes reaches the other's clients. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class ClusterFanOutIT {

  private String prefix;
  private TestHub first;
  private TestHub second;

  @BeforeEach
  void start(Vertx vertx) {
    RedisSupport.requireRedis();
    prefix = RedisSupport.prefix();
    first = TestHub.start(vertx, RedisSupport.node(prefix)).await();
    second = TestHub.start(vertx, RedisSupport.node(prefix)).await();
  }

  @AfterEach
  void stop(Vertx vertx) {
    if (first != null) {
      first.close().await();
    }
    if (second != null) {
      second.close().await();
    }
    if (prefix != null) {
      RedisSupport.stopNodes(vertx).await();
      RedisSupport.deleteKeys(vertx, prefix).await();
    }
  }

  @Test
  void messagePublishedOnOneNodeReachesSubscribersOfTheOther(VertxTestContext ctx) {
    TestSocket socket = first.connect(first.token("u1", new JsonObject().put("teams", new JsonArray().add(7))))
      .await();
    socket.nextOfType("welcome")
      .compose(welcome -> socket.subscribe("team.7"))
      .compose(subscribed -> second.publish(new JsonObject().put("channel", "team.7").put("event", "goal")
        .put("data", new JsonObject().put("n", 1))))
      .compose(published -> socket.nextOfType("message"))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("team.7", message.getString("channel"));
        assertEquals(1, message.getJsonObject("data").getInteger("n"));
        assertEquals(1L, message.getLong("offset"));
        ctx.completeNow();
      })));
  }

  @Test
  void presenceIsTheSameFromEveryNode(VertxTestContext ctx) {
    JsonObject claims = new JsonObject().put("teams", new JsonArray().add(9)).put("name", "Ann");
    TestSocket ann = first.connect(first.token("ann", claims)).await();
    TestSocket bob = second.connect(second.token("bob", claims.copy().put("name", "Bob"))).await();
    ann.nextOfType("welcome")
      .compose(w -> ann.subscribe("team.9"))
      .compose(s -> bob.nextOfType("welcome"))
      .compose(w -> bob.subscribe("team.9"))
      .compose(subscribed -> {
        ctx.verify(() -> assertEquals(2, subscribed.getInteger("presence_count"), subscribed.encode()));
        return ann.nextOfType("presence");
      })
      .compose(join -> {
        ctx.verify(() -> assertEquals("bob", join.getJsonObject("user").getString("id")));
        return first.request("GET", "/api/channels/team.9/presence", null, TestHub.API_KEY);
      })
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(2, roster.json().getInteger("count"), roster.body().toString());
        ctx.completeNow();
      })));
  }
}
