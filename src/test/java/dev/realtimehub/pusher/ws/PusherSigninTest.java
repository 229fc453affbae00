package dev.realtimehub.pusher.ws;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.PusherSupport.Client;
import dev.realtimehub.support.TestHub;
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

import static dev.realtimehub.support.PusherSupport.SIGNER;
import static dev.realtimehub.support.PusherSupport.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pusher:signin} and the signed-in user's own channel {@code #server-to-user-{id}}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherSigninTest {

  private TestHub hub;
  private final List<TestSocket> sockets = new ArrayList<>();

  private Client client(Vertx vertx, Map<String, String> extra) {
    if (hub == null) {
      hub = TestHub.start(vertx, PusherSupport.env(extra)).await();
    }
    return PusherSupport.client(hub, sockets);
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    if (hub != null) {
      hub.close().await();
    }
  }

  private static JsonObject signin(Client client, String auth, String userData) {
    PusherSupport.send(client.socket(), "pusher:signin", new JsonObject().put("auth", auth).put("user_data", userData))
      .await();
    return client.socket().next().await();
  }

  @Test
  void signedInUserReceivesEventsSentToItsOwnChannelOnly(Vertx vertx) {
    Client client = client(vertx, Map.of());
    String userData = "{\"id\":\"u1\",\"user_info\":{\"name\":\"Ann\"}}";
    JsonObject success = signin(client, SIGNER.userAuth(client.id(), userData), userData);
    assertEquals("pusher:signin_success", success.getString("event"), success.encode());
    assertEquals(userData, success.getJsonObject("data").getString("user_data"));
    JsonObject own = PusherSupport.subscribeReply(client.socket(), "#server-to-user-u1", "", null).await();
    assertEquals("pusher_internal:subscription_succeeded", own.getString("event"), own.encode());
    JsonObject other = PusherSupport.subscribeReply(client.socket(), "#server-to-user-u2", "", null).await();
    assertEquals(403, other.getJsonObject("data").getInteger("status"), other.encode());
    assertEquals(200, hub.publish(new JsonObject().put("channel", "user.u1").put("event", "note")
      .put("data", new JsonObject().put("n", 1))).await().status());
    JsonObject event = client.socket().next().await();
    assertEquals("#server-to-user-u1", event.getString("channel"));
    assertEquals(new JsonObject().put("n", 1), data(event));
    assertEquals(1.0, hub.registry().get("hub_pusher_signins_total").tag("outcome", "ok").counter().count());
  }

  @Test
  void userChannelNeedsASignin(Vertx vertx) {
    Client client = client(vertx, Map.of());
    JsonObject refused = PusherSupport.subscribeReply(client.socket(), "#server-to-user-u1", "", null).await();
    assertEquals("pusher:subscription_error", refused.getString("event"));
    assertEquals(403, refused.getJsonObject("data").getInteger("status"));
  }

  @Test
  void badSigninsGetPusherError4009AndTheConnectionStays(Vertx vertx) {
    Client client = client(vertx, Map.of());
    String userData = "{\"id\":\"u1\"}";
    JsonObject badSignature = signin(client, SIGNER.userAuth("1.2", userData), userData);
    assertEquals("pusher:error", badSignature.getString("event"));
    assertEquals(4009, badSignature.getJsonObject("data").getInteger("code"));
    for (String bad : new String[] {"{\"id\":7}", "{\"id\":\"\"}", "{}", "not json", "[]"}) {
      JsonObject error = signin(client, SIGNER.userAuth(client.id(), bad), bad);
      assertEquals(4009, error.getJsonObject("data").getInteger("code"), bad + " -> " + error.encode());
      assertTrue(error.getJsonObject("data").getString("message").contains("id"), error.encode());
    }
    JsonObject refused = PusherSupport.subscribeReply(client.socket(), "#server-to-user-u1", "", null).await();
    assertEquals("pusher:subscription_error", refused.getString("event"));
  }

  @Test
  void signinIsRefusedWhenTheAppDisablesUserAuthentication(Vertx vertx) {
    Client client = client(vertx, Map.of("HUB_APP_USER_AUTHENTICATION", "false"));
    String userData = "{\"id\":\"u1\"}";
    JsonObject error = signin(client, SIGNER.userAuth(client.id(), userData), userData);
    assertEquals(4009, error.getJsonObject("data").getInteger("code"));
    assertTrue(error.getJsonObject("data").getString("message").contains("not enabled"));
  }
}
