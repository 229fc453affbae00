package dev.realtimehub.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Mints the HS256 token the bench's WebSocket and SSE clients present to the hub. */
final class JwtMinter {

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private JwtMinter() {
  }

  static String mint(String secret, String subject, long ttlSeconds) {
    long now = System.currentTimeMillis() / 1000;
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload = encode("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + "}");
    String signingInput = header + "." + payload;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + BASE64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
