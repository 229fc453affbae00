package dev.realtimehub.pusher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HMAC-SHA256 signatures of the Pusher protocol, all keyed with one app's secret and written as lowercase
 * hex: channel authorization ({@code socket_id:channel[:channel_data]}), user sign-in
 * ({@code socket_id::user::user_data}), signed HTTP API requests and webhook bodies. Every check compares
 * digests in constant time. Thread-safe.
 */
public final class PusherSigner {

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final String key;
  private final byte[] secret;

  public PusherSigner(String key, String secret) {
    this.key = key;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The {@code auth} value of a private or presence subscription: {@code key:hex}. {@code channelData} is the
   * exact string the client sends in {@code pusher:subscribe}, or {@code null} for a private channel.
   */
  public String channelAuth(String socketId, String channel, String channelData) {
    String signed = socketId + ":" + channel + (channelData == null ? "" : ":" + channelData);
    return key + ":" + hex(signed.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code auth} value of {@code pusher:signin}: {@code key:hex} over {@code socket_id::user::user_data}. */
  public String userAuth(String socketId, String userData) {
    return key + ":" + hex((socketId + "::user::" + userData).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code auth} is this app's signature of a subscription, compared in constant time. */
  public boolean verifyChannelAuth(String auth, String socketId, String channel, String channelData) {
    return auth != null && constantTimeEquals(auth, channelAuth(socketId, channel, channelData));
  }

  /** Whether {@code auth} is this app's signature of a sign-in, compared in constant time. */
  public boolean verifyUserAuth(String auth, String socketId, String userData) {
    return auth != null && constantTimeEquals(auth, userAuth(socketId, userData));
  }

  /** The {@code X-Pusher-Signature} of a webhook: hex HMAC of the raw body. */
  public String webhookSignature(byte[] body) {
    return hex(body);
  }

  /**
   * The {@code auth_signature} of an API request: HMAC of {@code METHOD\npath\nquery}, where query is every
   * parameter but {@code auth_signature}, keys lowercased and sorted, joined {@code k=v} with {@code &}, unescaped.
   */
  public String requestSignature(String method, String path, Map<String, String> params) {
    return hex(stringToSign(method, path, params).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code signature} signs the request, compared in constant time. */
  public boolean verifyRequest(String signature, String method, String path, Map<String, String> params) {
    return signature != null && constantTimeEquals(signature, requestSignature(method, path, params));
  }

  static String stringToSign(String method, String path, Map<String, String> params) {
    Map<String, String> sorted = new TreeMap<>();
    params.forEach((name, value) -> {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (!lower.equals("auth_signature")) {
        sorted.put(lower, value);
      }
    });
    StringBuilder query = new StringBuilder();
    sorted.forEach((name, value) -> {
      if (query.length() > 0) {
        query.append('&');
      }
      query.append(name).append('=').append(value);
    });
    return method.toUpperCase(java.util.Locale.ROOT) + "\n" + path + "\n" + query;
  }

  /** Hex MD5 of a raw request body, the {@code body_md5} parameter. */
  public static String bodyMd5(byte[] body) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  /** Compares two strings without leaking where they differ; lengths may differ. */
  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private String hex(byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return HEX.formatHex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
