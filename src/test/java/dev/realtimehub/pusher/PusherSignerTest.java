package dev.realtimehub.pusher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature test vectors published with the Pusher protocol and its server libraries. */
class PusherSignerTest {

  private final PusherSigner signer = new PusherSigner("278d425bdf160c739803", "7ad3773142a6692b25b8");

  @Test
  void privateChannelVector() {
    String auth = signer.channelAuth("1234.1234", "private-foobar", null);
    assertEquals("278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4", auth);
    assertTrue(signer.verifyChannelAuth(auth, "1234.1234", "private-foobar", null));
  }

  @Test
  void presenceChannelVectorIsOverTheRawChannelData() {
    String data = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}";
    String auth = signer.channelAuth("1234.1234", "presence-foobar", data);
    assertEquals("278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c", auth);
    assertFalse(signer.verifyChannelAuth(auth, "1234.1234", "presence-foobar",
      "{\"user_id\": 10,\"user_info\":{\"name\":\"Mr. Pusher\"}}"), "a re-serialised channel_data must not verify");
  }

  @Test
  void userSigninVector() {
    String auth = signer.userAuth("1234.1234", "{\"id\":\"12345\"}");
    assertEquals("278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba", auth);
    assertTrue(signer.verifyUserAuth(auth, "1234.1234", "{\"id\":\"12345\"}"));
    assertFalse(signer.verifyUserAuth(auth, "1234.1235", "{\"id\":\"12345\"}"));
  }

  @Test
  void requestSigningVector() {
    String body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";
    String md5 = PusherSigner.bodyMd5(body.getBytes(StandardCharsets.UTF_8));
    assertEquals("ec365a775a4cd0599faeb73354201b6f", md5);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("auth_version", "1.0");
    params.put("body_md5", md5);
    params.put("auth_timestamp", "1353088179");
    params.put("AUTH_KEY", "278d425bdf160c739803");
    assertEquals("POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0"
      + "&body_md5=ec365a775a4cd0599faeb73354201b6f", PusherSigner.stringToSign("post", "/apps/3/events", params));
    String signature = signer.requestSignature("POST", "/apps/3/events", params);
    assertEquals("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c", signature);
    params.put("auth_signature", signature);
    assertTrue(signer.verifyRequest(signature, "POST", "/apps/3/events", params), "auth_signature is not signed");
    assertFalse(signer.verifyRequest(signature, "POST", "/apps/4/events", params));
  }

  @Test
  void webhookVector() {
    PusherSigner webhookSigner = new PusherSigner("key", "secret");
    assertEquals("2677ad3e7c090b2fa2c0fb13020d66d5420879b8316eb356a2d60fb9073bc778",
      webhookSigner.webhookSignature("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void constantTimeEqualsHandlesDifferentLengths() {
    assertFalse(PusherSigner.constantTimeEquals("abc", "abcd"));
    assertTrue(PusherSigner.constantTimeEquals("abc", "abc"));
  }
}
