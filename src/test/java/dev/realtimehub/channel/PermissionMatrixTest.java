package dev.realtimehub.channel;

import dev.realtimehub.channel.PermissionMatrix.Case;
import dev.realtimehub.support.TestEventStream;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every row of {@link PermissionMatrix} through a real hub, over the native WebSocket protocol and over
 * SSE, and checks that the table covers every channel type declared in {@code conf/channels.yaml}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PermissionMatrixTest {

  private static final Set<String> ISSUE_TYPES = Set.of("user", "learning", "features", "team", "investment", "kpi",
    "admin", "sync", "system", "orders", "purchasing", "delivery", "maps", "conversation", "support", "session",
    "activity", "public");

  private TestHub hub;

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void tableHasAnAllowedAndARefusedRowForEveryDeclaredChannelType(Vertx vertx) {
    Set<String> declared = declaredTypes(vertx).await();
    assertTrue(declared.containsAll(ISSUE_TYPES), "conf/channels.yaml lacks some of the 18 types: " + declared);
    Set<String> missing = new TreeSet<>();
    for (String type : declared) {
      if (PermissionMatrix.CASES.stream().noneMatch(row -> row.type().equals(type) && row.allowed())) {
        missing.add(type + " (allowed)");
      }
      if (PermissionMatrix.CASES.stream().noneMatch(row -> row.type().equals(type) && !row.allowed())) {
        missing.add(type + " (refused)");
      }
    }
    assertEquals(Set.of(), missing, "rows missing from PermissionMatrix");
    Set<String> unknown = new TreeSet<>();
    PermissionMatrix.CASES.stream().map(Case::type).filter(type -> !declared.contains(type)).forEach(unknown::add);
    assertEquals(Set.of(), unknown, "rows for types that conf/channels.yaml does not declare");
  }

  @Test
  void everyRowHoldsOverWebSocket(VertxTestContext ctx) {
    runAll(ctx, this::overWebSocket);
  }

  @Test
  void everyRowHoldsOverSse(VertxTestContext ctx) {
    runAll(ctx, this::overSse);
  }

  @Test
  void membershipAddedThroughTheApiAdmitsTheSubscribe(VertxTestContext ctx) {
    String channel = "conversation.c42";
    TestSocket socket = hub.connect(hub.token("zoe")).await();
    socket.next()
      .compose(welcome -> socket.subscribe(channel))
      .compose(before -> {
        ctx.verify(() -> assertEquals(403, before.getInteger("code"), before.encode()));
        return membership("PUT", channel, "zoe");
      })
      .compose(put -> {
        ctx.verify(() -> assertEquals(204, put.status()));
        return socket.subscribe(channel);
      })
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        assertEquals("subscribed", after.getString("type"), after.encode());
        assertEquals(channel, after.getString("channel"));
        ctx.completeNow();
      })));
  }

  @Test
  void membershipRemovedThroughTheApiRefusesTheNextSubscribe(VertxTestContext ctx) {
    String channel = "session.s42";
    String token = hub.token("yann");
    assertEquals(204, membership("PUT", channel, "yann").await().status());
    TestSocket socket = hub.connect(token).await();
    socket.next()
      .compose(welcome -> socket.subscribe(channel))
      .compose(subscribed -> {
        ctx.verify(() -> assertEquals("subscribed", subscribed.getString("type"), subscribed.encode()));
        return socket.request(new JsonObject().put("type", "unsubscribe").put("channel", channel));
      })
      .compose(unsubscribed -> {
        ctx.verify(() -> assertEquals("unsubscribed", unsubscribed.getString("type"), unsubscribed.encode()));
        return membership("DELETE", channel, "yann");
      })
      .compose(deleted -> {
        ctx.verify(() -> assertEquals(204, deleted.status()));
        return socket.subscribe(channel);
      })
      .compose(again -> {
        ctx.verify(() -> assertEquals(403, again.getInteger("code"), again.encode()));
        return hub.connect(token);
      })
      .compose(fresh -> fresh.next().compose(welcome -> fresh.subscribe(channel)))
      .onComplete(ctx.succeeding(freshReply -> ctx.verify(() -> {
        assertEquals("error", freshReply.getString("type"));
        assertEquals(403, freshReply.getInteger("code"));
        ctx.completeNow();
      })));
  }

  @Test
  void membershipApiRefusesCallersWithoutTheApiKey(VertxTestContext ctx) {
    String uri = "/api/channels/conversation.c43/members/eve";
    Future.all(
        hub.request("PUT", uri, null, null),
        hub.request("PUT", uri, null, hub.token("eve")),
        hub.request("PUT", uri, null, "not-the-api-key-0123456789"))
      .compose(all -> {
        ctx.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            assertEquals(401, all.<TestResponse>resultAt(i).status());
            assertEquals("unauthorized", all.<TestResponse>resultAt(i).errorCode());
          }
        });
        return hub.connect(hub.token("eve"));
      })
      .compose(socket -> socket.next().compose(welcome -> socket.subscribe("conversation.c43")))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(403, reply.getInteger("code"), reply.encode());
        ctx.completeNow();
      })));
  }

  private Future<TestResponse> membership(String method, String channel, String userId) {
    return hub.request(method, "/api/channels/" + channel + "/members/" + userId, null, TestHub.API_KEY);
  }

  /** Runs the rows concurrently (each on its own connection) and reports every row that did not hold. */
  private void runAll(VertxTestContext ctx, Function<Case, Future<String>> run) {
    List<Future<String>> outcomes = PermissionMatrix.CASES.stream()
      .map(row -> run.apply(row).otherwise(failure -> row + ": " + failure.getMessage()))
      .toList();
    Future.all(outcomes).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      List<String> mismatches = outcomes.stream().map(Future::result).filter(Objects::nonNull).toList();
      assertEquals(List.of(), mismatches, mismatches.size() + " of " + outcomes.size() + " rows did not hold");
      ctx.completeNow();
    })));
  }

  /** Subscribes over a native WebSocket; a refusal must leave the connection open (a ping still gets a pong). */
  private Future<String> overWebSocket(Case row) {
    return prepare(row)
      .compose(v -> row.who().sub() == null ? hub.connect(null) : hub.connect(token(row)))
      .compose(socket -> socket.next()
        .compose(welcome -> socket.subscribe(row.channel()))
        .compose(reply -> socket.request(new JsonObject().put("type", "ping"))
          .map(pong -> webSocketVerdict(row, reply, pong)))
        .eventually(socket::close));
  }

  private static String webSocketVerdict(Case row, JsonObject reply, JsonObject pong) {
    boolean held = row.allowed()
      ? "subscribed".equals(reply.getString("type")) && row.channel().equals(reply.getString("channel"))
      : "error".equals(reply.getString("type")) && Integer.valueOf(row.expected()).equals(reply.getInteger("code"));
    if (!"pong".equals(pong.getString("type"))) {
      return row + ": the connection did not answer a ping after " + reply.encode();
    }
    return held ? null : row + ": got " + reply.encode();
  }

  /** Opens {@code /sse?channels=} with the token as a Bearer header: a refusal is a 4xx before the stream. */
  private Future<String> overSse(Case row) {
    Map<String, String> headers = row.who().sub() == null ? Map.of() : Map.of("Authorization", "Bearer " + token(row));
    return prepare(row)
      .compose(v -> hub.sse("/sse?channels=" + row.channel(), headers))
      .compose(stream -> sseVerdict(row, stream).eventually(stream::close));
  }

  private static Future<String> sseVerdict(Case row, TestEventStream stream) {
    if (!row.allowed() || stream.status() != 200) {
      return Future.succeededFuture(stream.status() == row.expected() ? null : row + ": got status " + stream.status());
    }
    return stream.next().map(event -> "subscribed".equals(event.name())
      && row.channel().equals(new JsonObject(event.data()).getString("channel"))
      ? null
      : row + ": first event " + event);
  }

  private String token(Case row) {
    return hub.token(row.who().sub(), row.who().claims());
  }

  /** Adds the row's membership through the server API when the row asks for one. */
  private Future<Void> prepare(Case row) {
    if (!row.who().viaMembership()) {
      return Future.succeededFuture();
    }
    return membership("PUT", row.channel(), row.who().sub())
      .compose(response -> response.status() == 204
        ? Future.succeededFuture()
        : Future.failedFuture("PUT membership answered " + response.status() + " " + response.body()));
  }

  /** The type names declared in conf/channels.yaml, read independently of the hub. */
  private static Future<Set<String>> declaredTypes(Vertx vertx) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setScanPeriod(0)
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
        .setConfig(new JsonObject().put("path", "conf/channels.yaml"))));
    return retriever.getConfig()
      .eventually(retriever::close)
      .map(file -> {
        Set<String> names = new TreeSet<>();
        file.getJsonArray("types", new JsonArray()).forEach(type -> names.add(((JsonObject) type).getString("name")));
        return names;
      });
  }
}
