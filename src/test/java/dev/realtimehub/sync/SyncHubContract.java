package dev.realtimehub.sync;

import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A hub with the sync test settings on the store the subclass chooses, and the sockets a test subscribed. */
abstract class SyncHubContract {

  protected TestHub hub;
  /** Sockets the test opened; closed after each test. */
  protected final List<TestSocket> sockets = new ArrayList<>();

  /** The environment that selects the store. */
  abstract Map<String, String> store();

  /** The hub's settings beyond the sync test defaults: the store's, and what a subclass adds to them. */
  protected Map<String, String> settings() {
    return store();
  }

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, SyncSupport.env(settings())).await();
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  /** A socket of user {@code sub} with {@code claims}, subscribed to {@code channel}. */
  protected TestSocket subscribed(String sub, JsonObject claims, String channel) {
    TestSocket socket = hub.connect(hub.token(sub, claims)).await();
    sockets.add(socket);
    assertEquals("subscribed", socket.subscribe(channel).await().getString("type"));
    return socket;
  }

  /** The data of the next message with this event name, skipping others. */
  protected static Future<JsonObject> message(TestSocket socket, String event) {
    return socket.next(frame -> "message".equals(frame.getString("type")) && event.equals(frame.getString("event")))
      .map(frame -> frame.getJsonObject("data"));
  }
}
