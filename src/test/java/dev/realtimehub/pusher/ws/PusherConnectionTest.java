package dev.realtimehub.pusher.ws;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.PusherSupport.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pusher WebSocket endpoint's handshake, refusals with Pusher's close codes, and its liveness checks. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherConnectionTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  private TestHub start(Vertx vertx, Map<String, String> extra) {
    hub = TestHub.start(vertx, PusherSupport.env(extra)).await();
    return hub;
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    if (hub != null) {
      hub.close().await();
    }
  }

  private TestSocket open(String path) {
    TestSocket socket = PusherSupport.open(hub, path).await();
    sockets.add(socket);
    return socket;
  }

  private TestSocket open() {
    return open("/app/" + KEY + "?protocol=7&client=js&version=8.4.0");
  }

  /** The pusher:error the hub sends before closing, and the close code. */
  private void assertRefused(String path, int code) {
    TestSocket socket = open(path);
    JsonObject error = socket.next().await();
    assertEquals("pusher:error", error.getString("event"), error.encode());
    assertEquals(code, error.getJsonObject("data").getInteger("code"), error.encode());
    assertTrue(error.getJsonObject("data").getString("message").length() > 0);
    assertEquals((short) code, socket.closed().await());
  }

  @Test
  void connectionEstablishedCarriesAnNnSocketIdAndTheActivityTimeoutAsAJsonString(Vertx vertx) {
    start(vertx, Map.of("HUB_PUSHER_ACTIVITY_TIMEOUT_SECONDS", "42"));
    TestSocket socket = open();
    JsonObject frame = socket.next().await();
    assertEquals("pusher:connection_established", frame.getString("event"));
    assertNull(frame.getValue("channel"));
    JsonObject data = new JsonObject(frame.getString("data"));
    assertTrue(data.getString("socket_id").matches("\\d+\\.\\d+"), data.encode());
    assertEquals(42, data.getInteger("activity_timeout"));
    String other = PusherSupport.socketId(open()).await();
    assertTrue(!other.equals(data.getString("socket_id")), "socket ids are unique");
  }

  @Test
  void unknownKeyDisabledAppAndBadProtocolsCloseWithPusherCodes(Vertx vertx) {
    start(vertx, Map.of());
    assertRefused("/app/no-such-key?protocol=7", 4001);
    assertRefused("/app/" + KEY, 4008);
    assertRefused("/app/" + KEY + "?protocol=", 4008);
    assertRefused("/app/" + KEY + "?protocol=4", 4007);
    assertRefused("/app/" + KEY + "?protocol=8", 4007);
    assertRefused("/app/" + KEY + "?protocol=seven", 4007);
    assertEquals(1.0, hub.registry().get("hub_connections_rejected_total").tag("reason", "pusher_4001")
      .counter().count());
  }

  @Test
  void disabledAppClosesWith4003(Vertx vertx) {
    start(vertx, Map.of("HUB_APP_ENABLED", "false"));
    assertRefused("/app/" + KEY + "?protocol=7", 4003);
  }

  @Test
  void appOverItsConnectionCapClosesWith4100AndAdmitsAgainOnceOneLeft(Vertx vertx) {
    start(vertx, Map.of("HUB_APP_MAX_CONNECTIONS", "1"));
    TestSocket first = open();
    PusherSupport.socketId(first).await();
    assertRefused("/app/" + KEY + "?protocol=7", 4100);
    first.close().await();
    // The first connection's release is counted on the hub's side of the close: poll until admitted.
    String admitted = null;
    for (int attempt = 0; attempt < 50 && admitted == null; attempt++) {
      TestSocket next = open();
      JsonObject frame = next.next().await();
      if ("pusher:connection_established".equals(frame.getString("event"))) {
        admitted = frame.getString("data");
      } else {
        next.closed().await();
      }
    }
    assertTrue(admitted != null, "a connection is admitted once the first one closed");
  }

  @Test
  void refusedOriginGets403BeforeAnyUpgrade(Vertx vertx) {
    start(vertx, Map.of("HUB_ALLOWED_ORIGINS", "https://app.example.com"));
    TestResponse plain = hub.request("GET", "/app/" + KEY + "?protocol=7", null, null).await();
    assertEquals(400, plain.status(), "a plain GET is no WebSocket upgrade");
    Throwable denied = hub.connect("/app/" + KEY + "?protocol=7", Map.of("Origin", "https://evil.example.com"))
      .map(socket -> (Throwable) null)
      .otherwise(e -> e)
      .await();
    assertTrue(denied != null && denied.getMessage().contains("403"), String.valueOf(denied));
    TestSocket allowed = hub.connect("/app/" + KEY + "?protocol=7", Map.of("Origin", "https://app.example.com"))
      .await();
    sockets.add(allowed);
    PusherSupport.socketId(allowed).await();
  }

  @Test
  void pingIsAnsweredWithPongAndTheConnectionStaysAfterBadMessages(Vertx vertx) {
    start(vertx, Map.of());
    TestSocket socket = open();
    PusherSupport.socketId(socket).await();
    socket.sendText("{not json").await();
    JsonObject error = socket.next().await();
    assertEquals("pusher:error", error.getString("event"));
    assertEquals(4300, error.getJsonObject("data").getInteger("code"));
    PusherSupport.send(socket, "pusher:no_such_event", new JsonObject()).await();
    JsonObject unknown = socket.next().await();
    assertEquals(4300, unknown.getJsonObject("data").getInteger("code"), unknown.encode());
    assertTrue(unknown.getJsonObject("data").getString("message").contains("pusher:no_such_event"));
    PusherSupport.send(socket, "pusher:ping", new JsonObject()).await();
    JsonObject pong = socket.next().await();
    assertEquals("pusher:pong", pong.getString("event"));
    assertEquals("{}", pong.getString("data"));
  }

  @Test
  void repeatedBadMessagesSpendTheErrorBudgetAndCloseWith4100(Vertx vertx) {
    start(vertx, Map.of("HUB_WS_MAX_ERRORS", "2"));
    TestSocket socket = open();
    PusherSupport.socketId(socket).await();
    for (int i = 0; i < 3; i++) {
      socket.sendText("[]").await();
    }
    assertEquals((short) 4100, socket.closed().await());
  }

  @Test
  void silentClientIsPingedAndClosedWith4201WhenNoPongComes(Vertx vertx) {
    start(vertx, Map.of("HUB_PUSHER_ACTIVITY_TIMEOUT_SECONDS", "1", "HUB_PUSHER_PONG_TIMEOUT_SECONDS", "1"));
    TestSocket socket = open();
    PusherSupport.socketId(socket).await();
    JsonObject ping = socket.next().await();
    assertEquals("pusher:ping", ping.getString("event"));
    assertEquals((short) 4201, socket.closed().await());
  }

  @Test
  void clientAnsweringPingsStaysConnected(Vertx vertx) {
    start(vertx, Map.of("HUB_PUSHER_ACTIVITY_TIMEOUT_SECONDS", "1", "HUB_PUSHER_PONG_TIMEOUT_SECONDS", "1"));
    TestSocket socket = open();
    PusherSupport.socketId(socket).await();
    for (int i = 0; i < 3; i++) {
      assertEquals("pusher:ping", socket.next().await().getString("event"));
      PusherSupport.send(socket, "pusher:pong", new JsonObject()).await();
    }
    assertTrue(!socket.raw().isClosed());
  }

  @Test
  void shutdownClosesWith4200SoPusherJsReconnectsAtOnce(Vertx vertx) {
    start(vertx, Map.of());
    TestSocket socket = open();
    PusherSupport.socketId(socket).await();
    for (String id : vertx.deploymentIDs()) {
      vertx.undeploy(id).otherwiseEmpty().await();
    }
    assertEquals((short) 4200, socket.closed().await());
  }
}
