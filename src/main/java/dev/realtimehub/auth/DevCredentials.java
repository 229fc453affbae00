package dev.realtimehub.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Credentials for the embedded development mode, when no key is configured: a random secret that lives
 * for one run (tokens are still signed and verified) and the claims of a ready-made development token.
 */
public final class DevCredentials {

  public static final int DEV_TOKEN_SECONDS = 24 * 3600;
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevCredentials() {
  }

  public static String generateSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static JsonObject devClaims() {
    return new JsonObject()
      .put("sub", "dev")
      .put("name", "Developer")
      .put("roles", new JsonArray().add("admin"))
      .put("permissions", new JsonArray().add("kpi.read").add("maps.read"));
  }
}
