package dev.realtimehub.sync.access;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.core.Revocation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessChangeTest {

  private static UserAccess access(long version, Set<String> roles, Set<String> permissions, Set<String> teams,
                                   Set<String> groups) {
    return new UserAccess("alice", roles, permissions, teams, groups, version);
  }

  @Test
  void removedMembershipsRecheckOnlyTheirChannels() {
    AccessChange change = AccessChange.between(access(1, Set.of(), Set.of(), Set.of("7", "8"), Set.of("g1")),
      access(2, Set.of(), Set.of(), Set.of("8", "9"), Set.of()));
    assertEquals(Set.of("9"), change.addTeams());
    assertEquals(Set.of("7"), change.removeTeams());
    assertEquals(Set.of("g1"), change.removeGroups());
    Revocation revocation = change.revocation();
    assertEquals(Set.of("team.7", "investment.g1"), revocation.channels());
    assertEquals(Map.of("teams", Set.of("7"), "groups", Set.of("g1")), revocation.withdrawn());
  }

  @Test
  void aWithdrawnRoleOrPermissionRechecksEveryChannel() {
    AccessChange change = AccessChange.between(access(1, Set.of("admin"), Set.of("kpi.read"), Set.of("7"), Set.of()),
      access(2, Set.of(), Set.of("kpi.read"), Set.of(), Set.of()));
    Revocation revocation = change.revocation();
    assertTrue(revocation.covers("kpi.sales_volume.team.7"));
    assertEquals(Map.of("roles", Set.of("admin"), "teams", Set.of("7")), revocation.withdrawn());
  }

  @Test
  void onlyAddingRevokesNothingAndNoChangeIsEmpty() {
    UserAccess before = access(1, Set.of("agent"), Set.of(), Set.of("7"), Set.of());
    assertNull(AccessChange.between(before, access(2, Set.of("agent", "admin"), Set.of("x"), Set.of("7", "8"),
      Set.of())).revocation());
    assertTrue(AccessChange.between(before, access(2, Set.of("agent"), Set.of(), Set.of("7"), Set.of())).isEmpty());
  }

  @Test
  void changesAndRevocationsSurviveTheirJsonForm() {
    AccessChange change = AccessChange.between(access(1, Set.of("admin"), Set.of("p"), Set.of("7"), Set.of("g")),
      access(4, Set.of(), Set.of(), Set.of("8"), Set.of()));
    assertEquals(change, AccessChange.fromJson(new JsonObject(change.toJson().encode())));
    Revocation revocation = change.revocation();
    assertEquals(revocation, Revocation.fromJson(new JsonObject(revocation.toJson().encode())));
  }

  @Test
  void aPrincipalWithoutWithdrawnClaimsKeepsTheRest() {
    HubPrincipal principal = HubPrincipal.fromClaims(new JsonObject().put("sub", "alice").put("exp", 2_000_000_000L)
      .put("roles", new JsonArray().add("admin").add("agent")).put("permissions", new JsonArray().add("kpi.read"))
      .put("teams", new JsonArray().add(7).add(8)));
    HubPrincipal reduced = principal.without(Map.of("roles", Set.of("admin"), "teams", Set.of("7")));
    assertEquals(Set.of("agent"), reduced.roles());
    assertEquals(Set.of("kpi.read"), reduced.permissions());
    assertEquals(Set.of("8"), reduced.claimValues("teams"));
    assertEquals("alice", reduced.subject());
  }
}
