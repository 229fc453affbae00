package dev.realtimehub.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubPrincipalTest {

  private static JsonObject claims(String sub) {
    return new JsonObject().put("sub", sub).put("exp", 1_900_000_000L);
  }

  @Test
  void subjectAndExpiryComeFromTheClaims() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("alice"));
    assertEquals("alice", principal.subject());
    assertEquals(1_900_000_000L, principal.expiresAt());
    assertTrue(principal.authenticated());
    assertEquals(Set.of(), principal.roles());
    assertEquals(Set.of(), principal.permissions());
  }

  @Test
  void numericSubjectAndIntegerExpiryAreAccepted() {
    HubPrincipal principal = HubPrincipal.fromClaims(new JsonObject().put("sub", 42).put("exp", 1_900_000_000));
    assertEquals("42", principal.subject());
    assertEquals(1_900_000_000L, principal.expiresAt());
  }

  @Test
  void rolesGivenAsAnArray() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a")
      .put("roles", new JsonArray().add("admin").add("staff").add("admin")));
    assertEquals(Set.of("admin", "staff"), principal.roles());
  }

  @Test
  void rolesGivenAsASpaceSeparatedString() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a").put("roles", " admin  staff "));
    assertEquals(Set.of("admin", "staff"), principal.roles());
  }

  @Test
  void permissionsGivenAsArrayOrString() {
    assertEquals(Set.of("kpi.read", "maps.read"), HubPrincipal.fromClaims(claims("a")
      .put("permissions", new JsonArray().add("kpi.read").add("maps.read"))).permissions());
    assertEquals(Set.of("kpi.read", "maps.read"),
      HubPrincipal.fromClaims(claims("a").put("permissions", "kpi.read maps.read")).permissions());
  }

  @Test
  void emptyRolesStringGivesNoRoles() {
    assertEquals(Set.of(), HubPrincipal.fromClaims(claims("a").put("roles", "")).roles());
    assertEquals(Set.of(), HubPrincipal.fromClaims(claims("a").put("roles", "   ")).roles());
  }

  @Test
  void numbersInListClaimsBecomeStrings() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a")
      .put("teams", new JsonArray().add(7).add(9_000_000_000L).add("12")));
    assertEquals(List.of("7", "9000000000", "12"), List.copyOf(principal.claimValues("teams")));
  }

  @Test
  void nonScalarItemsInListClaimsAreIgnored() {
    JsonArray teams = new JsonArray().add(new JsonObject().put("id", 7)).add(new JsonArray().add(8)).addNull()
      .add("9");
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a").put("teams", teams)
      .put("roles", new JsonArray().add(new JsonArray().add("admin")).add("staff")));
    assertEquals(Set.of("9"), principal.claimValues("teams"));
    assertEquals(Set.of("staff"), principal.roles());
  }

  @Test
  void objectClaimGivesNoValues() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a").put("roles", new JsonObject().put("admin", true))
      .put("teams", new JsonObject().put("7", true)));
    assertEquals(Set.of(), principal.roles());
    assertEquals(Set.of(), principal.claimValues("teams"));
  }

  @Test
  void missingClaimGivesNoValues() {
    assertEquals(Set.of(), HubPrincipal.fromClaims(claims("a")).claimValues("teams"));
  }

  @Test
  void rolesAndPermissionsCannotBeChangedAfterParsing() {
    HubPrincipal principal = HubPrincipal.fromClaims(claims("a").put("roles", new JsonArray().add("staff")));
    assertThrows(UnsupportedOperationException.class, () -> principal.roles().add("admin"));
    assertThrows(UnsupportedOperationException.class, () -> principal.permissions().add("kpi.read"));
  }

  @Test
  void anonymousHasNoSubjectAndNoGrants() {
    HubPrincipal anonymous = HubPrincipal.anonymous();
    assertNull(anonymous.subject());
    assertFalse(anonymous.authenticated());
    assertEquals(Set.of(), anonymous.roles());
    assertEquals(Set.of(), anonymous.permissions());
    assertEquals(Set.of(), anonymous.claimValues("teams"));
    assertEquals(Long.MAX_VALUE, anonymous.expiresAt());
  }
}
