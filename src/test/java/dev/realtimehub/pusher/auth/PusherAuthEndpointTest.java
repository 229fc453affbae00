package dev.realtimehub.pusher.auth;

import dev.realtimehub.support.PusherSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestResponse;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.PusherSupport.SIGNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /pusher/auth} and {@code /pusher/user-auth}: policy checked for the token's user, then signed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class PusherAuthEndpointTest {

  private static final String ORIGIN = "https://app.example.com";

  private TestHub hub;
  private String member;
  private final List<TestSocket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    hub = TestHub.start(vertx, PusherSupport.env(Map.of("HUB_ALLOWED_ORIGINS", ORIGIN))).await();
    member = hub.token("u1", new JsonObject().put("teams", new JsonArray().add(7)).put("name", "Ann"));
  }

  @AfterEach
  void stop() {
    sockets.forEach(socket -> socket.close().otherwiseEmpty().await());
    hub.close().await();
  }

  private static String form(String... pairs) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&").append(pairs[i]).append('=')
        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return form.toString();
  }

  private TestResponse auth(String uri, String form, String token) {
    return PusherSupport.authRequest(hub, uri, form, token, Map.of()).await();
  }

  private static void assertError(TestResponse response, int status) {
    assertEquals(status, response.status(), response.body().toString());
    assertTrue(response.errorMessage().length() > 0);
  }

  @Test
  void privateAuthIsTheAppsSignatureAndOpensTheSubscription() {
    TestSocket socket = hub.connect("/app/" + PusherSupport.KEY + "?protocol=7", Map.of("Origin", ORIGIN)).await();
    sockets.add(socket);
    String socketId = PusherSupport.socketId(socket).await();
    TestResponse response = auth("/pusher/auth", form("socket_id", socketId, "channel_name", "private-team.7"),
      member);
    assertEquals(200, response.status(), response.body().toString());
    String signature = response.json().getString("auth");
    assertEquals(SIGNER.channelAuth(socketId, "private-team.7", null), signature);
    JsonObject reply = PusherSupport.subscribeReply(socket, "private-team.7", signature, null).await();
    assertEquals("pusher_internal:subscription_succeeded", reply.getString("event"));
  }

  @Test
  void presenceAuthBuildsChannelDataFromTheToken() {
    TestSocket socket = hub.connect("/app/" + PusherSupport.KEY + "?protocol=7", Map.of("Origin", ORIGIN)).await();
    sockets.add(socket);
    String socketId = PusherSupport.socketId(socket).await();
    JsonObject body = auth("/pusher/auth", form("socket_id", socketId, "channel_name", "presence-team.7"), member)
      .json();
    String channelData = body.getString("channel_data");
    assertEquals(new JsonObject().put("user_id", "u1").put("user_info", new JsonObject().put("name", "Ann")),
      new JsonObject(channelData));
    assertEquals(SIGNER.channelAuth(socketId, "presence-team.7", channelData), body.getString("auth"));
    JsonObject reply = PusherSupport.subscribeReply(socket, "presence-team.7", body.getString("auth"), channelData)
      .await();
    JsonObject presence = PusherSupport.data(reply).getJsonObject("presence");
    assertEquals(new JsonObject().put("u1", new JsonObject().put("name", "Ann")), presence.getJsonObject("hash"));
  }

  @Test
  void policyTokenAndFormAreCheckedBeforeSigning() {
    String channel = form("socket_id", "1.2", "channel_name", "private-team.7");
    assertError(auth("/pusher/auth", channel, hub.token("u2")), 403);
    assertError(auth("/pusher/auth", channel, null), 401);
    assertError(auth("/pusher/auth", channel, "not-a-token"), 401);
    assertError(auth("/pusher/auth", form("socket_id", "abc", "channel_name", "private-team.7"), member), 400);
    assertError(auth("/pusher/auth", form("socket_id", "1.2"), member), 400);
    assertError(auth("/pusher/auth", form("socket_id", "1.2", "channel_name", "public.news"), member), 400);
    assertError(auth("/pusher/auth", form("socket_id", "1.2", "channel_name", "presence-public.x"), member), 400);
    assertError(auth("/pusher/auth", form("socket_id", "1.2", "channel_name", "private-encrypted-team.7"), member),
      400);
    assertError(auth("/pusher/auth", form("socket_id", "1.2", "channel_name", "private-nosuch.1"), member), 404);
    assertError(auth("/pusher/auth?key=no-such-key", channel, member), 404);
    assertEquals(200, auth("/pusher/auth?key=" + PusherSupport.KEY, channel, member).status());
    assertEquals(200, auth("/pusher/auth", channel + "&app_key=" + PusherSupport.KEY, member).status());
  }

  @Test
  void userAuthSignsUserDataBuiltFromTheToken() {
    TestResponse response = auth("/pusher/user-auth", form("socket_id", "12.34"), member);
    assertEquals(200, response.status(), response.body().toString());
    String userData = response.json().getString("user_data");
    assertEquals(new JsonObject().put("id", "u1").put("user_info", new JsonObject().put("name", "Ann")),
      new JsonObject(userData));
    assertEquals(SIGNER.userAuth("12.34", userData), response.json().getString("auth"));
    assertError(auth("/pusher/user-auth", form("socket_id", "12.34"), null), 401);
    assertError(auth("/pusher/user-auth", form("socket_id", "12"), member), 400);
  }

  @Test
  void corsPreflightIsAnsweredForAllowedOriginsOnly() {
    TestResponse preflight = PusherSupport.request(hub, "OPTIONS", "/pusher/auth", Map.of("Origin", ORIGIN,
      "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"))
      .await();
    assertEquals(204, preflight.status());
    assertEquals(ORIGIN, preflight.headers().get("Access-Control-Allow-Origin"));
    assertEquals("authorization,content-type", preflight.headers().get("Access-Control-Allow-Headers"));
    TestResponse post = PusherSupport.authRequest(hub, "/pusher/auth", form("socket_id", "1.2", "channel_name",
      "private-team.7"), member, Map.of("Origin", ORIGIN)).await();
    assertEquals(200, post.status());
    assertEquals(ORIGIN, post.headers().get("Access-Control-Allow-Origin"));
    TestResponse refused = PusherSupport.request(hub, "OPTIONS", "/pusher/auth",
      Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST")).await();
    assertEquals(403, refused.status());
    assertEquals(null, refused.headers().get("Access-Control-Allow-Origin"));
  }
}
