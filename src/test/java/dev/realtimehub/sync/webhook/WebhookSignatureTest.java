package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookSignatureTest {

  private static final byte[] BODY = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
  private final WebhookSignature signature = new WebhookSignature("webhook-secret-0123456789", 300);

  @Test
  void acceptsASignatureAtTheEdgeOfTheWindow() {
    String header = "t=1000,v1=" + signature.sign(1000, BODY);
    assertDoesNotThrow(() -> signature.verify(header, BODY, 1300));
    assertDoesNotThrow(() -> signature.verify(header, BODY, 700));
  }

  @Test
  void rejectsOneSecondOutsideTheWindow() {
    String header = "t=1000,v1=" + signature.sign(1000, BODY);
    assertThrows(HubException.class, () -> signature.verify(header, BODY, 1301));
    assertThrows(HubException.class, () -> signature.verify(header, BODY, 699));
  }

  @Test
  void acceptsWhenAnyOfSeveralV1EntriesMatches() {
    String header = "t=1000,v1=" + "0".repeat(64) + ",v1=" + signature.sign(1000, BODY);
    assertDoesNotThrow(() -> signature.verify(header, BODY, 1000));
  }

  @Test
  void rejectsAChangedTimestampWithTheOldDigest() {
    String header = "t=1001,v1=" + signature.sign(1000, BODY);
    assertThrows(HubException.class, () -> signature.verify(header, BODY, 1000));
  }

  @Test
  void rejectsMalformedHeaders() {
    for (String header : new String[] {"", "v1=" + signature.sign(1000, BODY), "t=abc,v1=00", "t=1000,v1=zz",
      "t=1000"}) {
      assertThrows(HubException.class, () -> signature.verify(header, BODY, 1000), header);
    }
  }

  @Test
  void rejectsEverythingWithoutASecret() {
    WebhookSignature none = new WebhookSignature("", 300);
    assertThrows(HubException.class, () -> none.verify("t=1000,v1=" + signature.sign(1000, BODY), BODY, 1000));
  }
}
