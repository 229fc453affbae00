package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Verifies {@code X-Hub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} over the raw
 * bytes as received, before anything of the body is parsed. Digests are compared with
 * {@link MessageDigest#isEqual}; several {@code v1} entries are allowed (secret rotation on the sender).
 * Thread-safe.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Hub-Signature";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAX_HEADER_CHARS = 1024;

  private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");

  private final byte[] secret;
  private final long toleranceSeconds;
  /** Keyed once; each signature works on a clone, cheaper than looking up and keying a new {@link Mac}. */
  private final Mac keyed;

  public WebhookSignature(String secret, long toleranceSeconds) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.keyed = this.secret.length == 0 ? null : keyedMac(this.secret);
    this.toleranceSeconds = toleranceSeconds;
  }

  /**
   * Passes silently when the header signs {@code body} within the window around {@code nowSeconds}.
   *
   * @throws HubException {@code unauthorized} otherwise (no secret configured, missing or malformed header,
   *                      stale or future timestamp, wrong digest)
   */
  public void verify(String header, byte[] body, long nowSeconds) {
    if (secret.length == 0) {
      throw HubException.unauthorized("webhooks are disabled: no webhook secret configured");
    }
    if (header == null || header.isBlank() || header.length() > MAX_HEADER_CHARS) {
      throw HubException.unauthorized("missing " + HEADER + " header");
    }
    String timestamp = null;
    boolean matched = false;
    for (String part : header.split(",")) {
      String entry = part.trim();
      if (entry.startsWith("t=") && SECONDS.matcher(entry).region(2, entry.length()).matches()) {
        timestamp = entry.substring(2);
      }
    }
    if (timestamp == null) {
      throw HubException.unauthorized(HEADER + ": no t=<unix seconds> timestamp");
    }
    if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > toleranceSeconds) {
      throw HubException.unauthorized(HEADER + ": timestamp outside the allowed window");
    }
    byte[] expected = hmac(timestamp, body);
    for (String part : header.split(",")) {
      String entry = part.trim();
      if (entry.startsWith("v1=") && entry.length() == 3 + 64 && HEX_DIGEST.matcher(entry).region(3, entry.length()).matches()) {
        matched |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(entry.substring(3)));
      }
    }
    if (!matched) {
      throw HubException.unauthorized(HEADER + ": signature does not match");
    }
  }

  /** The hex signature of {@code body} at {@code timestamp}; what a sender puts in {@code v1=}. */
  public String sign(long timestamp, byte[] body) {
    return HexFormat.of().formatHex(hmac(Long.toString(timestamp), body));
  }

  private byte[] hmac(String timestamp, byte[] body) {
    Mac mac = copy(keyed == null ? keyedMac(secret) : keyed);
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    return mac.doFinal(body);
  }

  private static Mac keyedMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Mac copy(Mac mac) {
    try {
      return (Mac) mac.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
