package dev.realtimehub.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {

  private final OriginPolicy exact = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"));
  private final OriginPolicy wildcard = new OriginPolicy(List.of("https://*.example.com"));

  @Test
  void listedOriginIsAllowed() {
    assertTrue(exact.allows("https://app.example.com"));
    assertTrue(exact.allows("http://localhost:3000"));
  }

  @Test
  void originsCompareCaseInsensitively() {
    assertTrue(exact.allows("HTTPS://App.Example.COM"));
    assertTrue(new OriginPolicy(List.of("HTTPS://APP.EXAMPLE.COM")).allows("https://app.example.com"));
    assertTrue(wildcard.allows("https://A.EXAMPLE.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://other.example.com", "http://app.example.com", "https://app.example.com:8443", "https://app.example.co",
    "https://app.example.com.evil.com", "https://evilapp.example.com", "http://localhost", "http://localhost:3001",
    "https://localhost:3000", "http://127.0.0.1:3000", "app.example.com", ""
  })
  void unlistedOriginIsRefused(String origin) {
    assertFalse(exact.allows(origin), origin);
  }

  @Test
  void listedPortMustMatch() {
    OriginPolicy withPort = new OriginPolicy(List.of("https://app.example.com:8443"));
    assertTrue(withPort.allows("https://app.example.com:8443"));
    assertFalse(withPort.allows("https://app.example.com"));
    assertFalse(withPort.allows("https://app.example.com:8444"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://a.example.com", "https://deep.sub.example.com", "https://x-1.example.com"})
  void wildcardAdmitsSubdomains(String origin) {
    assertTrue(wildcard.allows(origin), origin);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://example.com", "https://evilexample.com", "https://a.evilexample.com", "http://a.example.com",
    "https://.example.com", "https://a.example.com:8443", "https://a.example.com.evil.com", "https://a.example.co",
    "wss://a.example.com", "null"
  })
  void wildcardMatchesOnlyOnALabelBoundaryWithTheSameSchemeAndPort(String origin) {
    assertFalse(wildcard.allows(origin), origin);
  }

  @Test
  void wildcardWithPortRequiresThatPort() {
    OriginPolicy withPort = new OriginPolicy(List.of("https://*.example.com:8443"));
    assertTrue(withPort.allows("https://a.example.com:8443"));
    assertFalse(withPort.allows("https://a.example.com"));
    assertFalse(withPort.allows("https://a.example.com:9443"));
  }

  @Test
  void nullOriginIsDeniedUnlessListed() {
    assertFalse(exact.allows("null"));
    assertTrue(new OriginPolicy(List.of("https://app.example.com", "null")).allows("null"));
  }

  @Test
  void missingOriginIsAllowed() {
    assertTrue(exact.allows(null));
    assertTrue(wildcard.allows(null));
  }

  @Test
  void emptyListAllowsEveryOrigin() {
    OriginPolicy open = new OriginPolicy(List.of());
    assertTrue(open.allowsAll());
    assertTrue(open.allows("https://anything.test"));
    assertTrue(open.allows("null"));
    assertFalse(exact.allowsAll());
  }
}
