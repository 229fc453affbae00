package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers for authentication and Origin tests: refused upgrades and their checks, hand-made tokens, PEM text. */
public final class AuthSupport {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private AuthSupport() {
  }

  /** Now in epoch seconds, as JWT claims count time. */
  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * Completes with the rejection of a WebSocket upgrade that the hub must refuse before switching protocols;
   * fails (after closing the socket) when the upgrade succeeds, or when the failure is not a rejection.
   */
  public static Future<UpgradeRejectedException> rejectedUpgrade(TestHub hub, String uri, Map<String, String> headers) {
    return hub.connect(uri, headers).transform(result -> {
      if (result.succeeded()) {
        return result.result().close()
          .transform(v -> Future.failedFuture("upgrade of " + uri + " was accepted, expected a refusal"));
      }
      return result.cause() instanceof UpgradeRejectedException rejected
        ? Future.succeededFuture(rejected)
        : Future.failedFuture(result.cause());
    });
  }

  /** Offers the token both ways, as {@code ?token=} and as {@code Authorization: Bearer}; both must be refused. */
  public static Future<List<UpgradeRejectedException>> rejectedBothWays(TestHub hub, String token) {
    return Future.all(
        rejectedUpgrade(hub, "/ws?token=" + token, Map.of()),
        rejectedUpgrade(hub, "/ws", Map.of("Authorization", "Bearer " + token)))
      .map(all -> all.list());
  }

  /** A 401 refusal with the hub's JSON error body, which never repeats the token. */
  public static void assertUnauthorized(UpgradeRejectedException refusal, String token) {
    assertEquals(401, refusal.getStatus());
    assertTrue(refusal.getHeaders().get("Content-Type").startsWith("application/json"));
    JsonObject error = refusal.getBody().toJsonObject().getJsonObject("error");
    assertEquals("unauthorized", error.getString("code"));
    assertFalse(error.getString("message").isEmpty());
    assertFalse(refusal.getBody().toString().contains(token), "the error body repeats the token");
  }

  /**
   * A GET with any headers whose whole body is read: for refusals (such as a 403 before an event stream), never
   * for a live stream, whose body does not end.
   */
  public static Future<TestResponse> get(TestHub hub, String uri, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri);
    headers.forEach(options::putHeader);
    return hub.http().request(options)
      .compose(request -> request.send())
      .compose(response -> response.body()
        .map(body -> new TestResponse(response.statusCode(), response.headers(), body)));
  }

  /** A token without a signature: {@code header.payload.} or, without the trailing dot, {@code header.payload}. */
  public static String unsignedToken(JsonObject header, JsonObject payload, boolean trailingDot) {
    String token = segment(header) + "." + segment(payload);
    return trailingDot ? token + "." : token;
  }

  private static String segment(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** PEM text of DER bytes, for example {@code pem("PUBLIC KEY", key.getEncoded())}. */
  public static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
