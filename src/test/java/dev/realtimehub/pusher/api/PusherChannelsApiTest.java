package dev.realtimehub.pusher.api;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.TestResponse;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.realtimehub.pusher.api.PusherApiFixture.event;
import static dev.realtimehub.pusher.api.PusherApiFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel listing, channel info, presence users and terminate_connections, with native subscribers: u1 twice and
 * u2 once in team 7 (presence), an anonymous subscriber of public.a.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherChannelsApiTest {

  @TempDir
  Path dir;
  private PusherApiFixture pusher;
  private TestSocket u1;
  private TestSocket u1Again;
  private TestSocket u2;

  @BeforeEach
  void start(Vertx vertx) {
    pusher = PusherApiFixture.start(vertx, dir, Map.of()).await();
    u1 = pusher.connect("u1").compose(s -> subscribe(s, "team.7")).await();
    u1Again = pusher.connect("u1").compose(s -> subscribe(s, "team.7")).await();
    u2 = pusher.connect("u2").compose(s -> subscribe(s, "team.7")).await();
    pusher.connect(null).compose(s -> subscribe(s, "public.a")).await();
  }

  @AfterEach
  void stop() {
    pusher.hub.close().await();
  }

  private TestResponse get(String path, Map<String, String> params) {
    TestResponse response = pusher.rest.get(path, params).await();
    assertEquals(200, response.status(), response.body().toString());
    return response;
  }

  @Test
  void listShowsOccupiedChannelsUnderTheirPusherNames() {
    assertEquals(new JsonObject().put("channels", new JsonObject()
        .put("presence-team.7", new JsonObject())
        .put("public.a", new JsonObject())),
      get("/channels", Map.of()).json());
  }

  @Test
  void listFiltersByPusherPrefixAndCountsUsers() {
    assertEquals(new JsonObject().put("channels", new JsonObject()
        .put("presence-team.7", new JsonObject().put("user_count", 2))),
      get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count")).json());
    assertEquals(new JsonObject().put("channels", new JsonObject()
        .put("public.a", new JsonObject().put("subscription_count", 1))),
      get("/channels", Map.of("filter_by_prefix", "pub", "info", "subscription_count")).json());
    assertEquals(new JsonObject().put("channels", new JsonObject()),
      get("/channels", Map.of("filter_by_prefix", "private-")).json());
  }

  @Test
  void channelInfoCountsUsersAndSubscriptionsWhateverPrefixNamesIt() {
    JsonObject expected = new JsonObject().put("occupied", true).put("user_count", 2).put("subscription_count", 3);
    assertEquals(expected, get("/channels/presence-team.7", Map.of("info", "user_count,subscription_count")).json());
    assertEquals(new JsonObject().put("occupied", true).put("subscription_count", 3),
      get("/channels/team.7", Map.of("info", "subscription_count")).json());
    assertEquals(new JsonObject().put("occupied", false), get("/channels/public.nobody", Map.of()).json());
  }

  @Test
  void channelInfoFollowsUnsubscriptions(VertxTestContext ctx) {
    u2.close()
      .compose(v -> ApiSupport.eventually(pusher.hub.vertx(), 5000,
        () -> pusher.rest.get("/channels/presence-team.7", Map.of("info", "user_count,subscription_count"))
          .map(r -> r.json().equals(new JsonObject().put("occupied", true).put("user_count", 1)
            .put("subscription_count", 2)))))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void cacheIsTheLastEventOfTheChannel() {
    assertFalse(get("/channels/cache-public.c", Map.of("info", "cache")).json().containsKey("cache"));
    pusher.rest.post("/events", event("first", "{\"n\":1}", "cache-public.c")).await();
    pusher.rest.post("/events", event("last", "{\"n\":2}", "cache-public.c")).await();
    JsonObject cache = get("/channels/cache-public.c", Map.of("info", "cache")).json().getJsonObject("cache");
    assertEquals("{\"n\":2}", cache.getString("data"));
    assertTrue(cache.getInteger("ttl") > 0 && cache.getInteger("ttl") <= 600, cache.encode());
  }

  @Test
  void usersListsEachPresentUserOnce() {
    JsonArray users = get("/channels/presence-team.7/users", Map.of()).json().getJsonArray("users");
    assertEquals(Set.of("u1", "u2"), users.stream().map(u -> ((JsonObject) u).getString("id"))
      .collect(Collectors.toSet()));
    assertEquals(2, users.size());
  }

  @Test
  void terminateConnectionsClosesEveryConnectionOfThatUserOnly(VertxTestContext ctx) {
    pusher.rest.post("/users/u1/terminate_connections", new JsonObject())
      .compose(response -> {
        ctx.verify(() -> assertEquals(200, response.status(), response.body().toString()));
        return u1.closed().compose(first -> u1Again.closed().map(second -> new JsonArray().add(first).add(second)));
      })
      .compose(codes -> u2.request(new JsonObject().put("type", "ping")).map(pong -> codes))
      .onComplete(ctx.succeeding(codes -> ctx.verify(() -> {
        assertEquals(new JsonArray().add((short) 4403).add((short) 4403), codes);
        assertTrue(u1.closeReason().contains("terminated"), u1.closeReason());
        ctx.completeNow();
      })));
  }
}
