package dev.realtimehub.channel;

import dev.realtimehub.auth.HubPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelRuleTest {

  private static final HubPrincipal ANONYMOUS = HubPrincipal.anonymous();

  private static HubPrincipal principal(String sub, JsonObject extra) {
    return HubPrincipal.fromClaims(new JsonObject().put("sub", sub).put("exp", 2_000_000_000L).mergeIn(extra));
  }

  private static HubPrincipal principal(String sub) {
    return principal(sub, new JsonObject());
  }

  private static boolean admits(String rule, HubPrincipal principal, String channel) {
    return ((ChannelRule.Local) ChannelRule.parse(rule)).admits(principal, ChannelName.parse(channel));
  }

  @Test
  void everyRuleOfTheVocabularyParses() {
    assertEquals(new ChannelRule.Self(), ChannelRule.parse("self"));
    assertEquals(new ChannelRule.Anyone(), ChannelRule.parse("anyone"));
    assertEquals(new ChannelRule.Authenticated(), ChannelRule.parse("authenticated"));
    assertEquals(new ChannelRule.Role("admin"), ChannelRule.parse("role:admin"));
    assertEquals(new ChannelRule.Permission("kpi.read"), ChannelRule.parse("permission:kpi.read"));
    assertEquals(new ChannelRule.Claim("teams"), ChannelRule.parse("claim:teams"));
    assertEquals(new ChannelRule.Member("conversation"), ChannelRule.parse("member:conversation"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "nobody", "Self", "SELF", " self", "self ", "self:x", "anyone:1", "authenticated:yes", "role", "role:",
    "permission", "permission:", "claim", "claim:", "member", "member:", "role:a b", "role:a,b", "role:*",
    "role:\u00e9", "claim:teams:x", ":admin"
  })
  void textOutsideTheVocabularyIsNotARule(String text) {
    assertNull(ChannelRule.parse(text), text);
  }

  @Test
  void roleArgumentIsLimitedToSixtyFourCharacters() {
    assertEquals(new ChannelRule.Role("r".repeat(64)), ChannelRule.parse("role:" + "r".repeat(64)));
    assertNull(ChannelRule.parse("role:" + "r".repeat(65)));
  }

  @Test
  void onlySelfClaimAndMemberNeedAnId() {
    assertTrue(ChannelRule.parse("self").needsId());
    assertTrue(ChannelRule.parse("claim:teams").needsId());
    assertTrue(ChannelRule.parse("member:team").needsId());
    assertFalse(ChannelRule.parse("anyone").needsId());
    assertFalse(ChannelRule.parse("authenticated").needsId());
    assertFalse(ChannelRule.parse("role:admin").needsId());
    assertFalse(ChannelRule.parse("permission:kpi.read").needsId());
  }

  @Test
  void selfAdmitsOnlyTheSubjectsOwnChannel() {
    assertTrue(admits("self", principal("42"), "user.42"));
    assertFalse(admits("self", principal("42"), "user.43"));
    assertFalse(admits("self", principal("42"), "user.042"));
    assertFalse(admits("self", principal("042"), "user.42"));
    assertFalse(admits("self", principal("alice"), "user.Alice"));
    assertFalse(admits("self", principal("42"), "user"));
    assertFalse(admits("self", ANONYMOUS, "user.42"));
  }

  @Test
  void anyoneAdmitsAnonymousAndAuthenticatedPrincipals() {
    assertTrue(admits("anyone", ANONYMOUS, "public.status-page"));
    assertTrue(admits("anyone", principal("1"), "public.status-page"));
    assertTrue(admits("anyone", ANONYMOUS, "system"));
  }

  @Test
  void authenticatedAdmitsEveryTokenButNotAnonymous() {
    assertTrue(admits("authenticated", principal("1"), "system"));
    assertFalse(admits("authenticated", ANONYMOUS, "system"));
  }

  @Test
  void roleAdmitsWhenTheRolesClaimListsIt() {
    HubPrincipal admin = principal("1", new JsonObject().put("roles", new JsonArray().add("staff").add("admin")));
    assertTrue(admits("role:admin", admin, "admin"));
    assertTrue(admits("role:staff", admin, "orders.9"));
    assertFalse(admits("role:support", admin, "support.1"));
  }

  @Test
  void roleComparesExactly() {
    HubPrincipal upper = principal("1", new JsonObject().put("roles", new JsonArray().add("Admin")));
    HubPrincipal prefixed = principal("1", new JsonObject().put("roles", new JsonArray().add("admins")));
    assertFalse(admits("role:admin", upper, "admin"));
    assertFalse(admits("role:admin", prefixed, "admin"));
    assertFalse(admits("role:admin", principal("1"), "admin"));
    assertFalse(admits("role:admin", ANONYMOUS, "admin"));
  }

  @Test
  void roleAdmitsASpaceSeparatedRolesClaim() {
    HubPrincipal admin = principal("1", new JsonObject().put("roles", "staff admin"));
    assertTrue(admits("role:admin", admin, "admin"));
    assertTrue(admits("role:staff", admin, "orders.9"));
  }

  @Test
  void permissionAdmitsWhenThePermissionsClaimListsIt() {
    HubPrincipal reader = principal("1", new JsonObject().put("permissions", new JsonArray().add("kpi.read")));
    assertTrue(admits("permission:kpi.read", reader, "kpi.sales_volume.team.7"));
    assertFalse(admits("permission:kpi.write", reader, "kpi.sales_volume.team.7"));
    assertFalse(admits("permission:maps.read", reader, "maps"));
    assertFalse(admits("permission:kpi.read", ANONYMOUS, "kpi.sales_volume.team.7"));
  }

  @Test
  void permissionIsNotGrantedByARoleOfTheSameName() {
    HubPrincipal roleOnly = principal("1", new JsonObject().put("roles", new JsonArray().add("kpi.read")));
    assertFalse(admits("permission:kpi.read", roleOnly, "kpi.x"));
  }

  @Test
  void claimAdmitsNumericClaimValuesAsStrings() {
    HubPrincipal member = principal("1", new JsonObject().put("teams", new JsonArray().add(7).add(12L)));
    assertTrue(admits("claim:teams", member, "team.7"));
    assertTrue(admits("claim:teams", member, "team.12"));
    assertFalse(admits("claim:teams", member, "team.8"));
    assertFalse(admits("claim:teams", member, "team.07"));
  }

  @Test
  void claimAdmitsStringClaimValues() {
    HubPrincipal member = principal("1", new JsonObject().put("teams", new JsonArray().add("7").add("ops-a")));
    assertTrue(admits("claim:teams", member, "team.7"));
    assertTrue(admits("claim:teams", member, "team.ops-a"));
    assertFalse(admits("claim:teams", member, "team.ops-A"));
    assertFalse(admits("claim:teams", member, "team.ops"));
  }

  @Test
  void claimComparesTheWholeMultiSegmentId() {
    HubPrincipal member = principal("1", new JsonObject().put("groups", new JsonArray().add("fund.3")));
    assertTrue(admits("claim:groups", member, "investment.fund.3"));
    assertFalse(admits("claim:groups", member, "investment.fund"));
    assertFalse(admits("claim:groups", member, "investment.fund.3.x"));
  }

  @Test
  void claimAdmitsASpaceSeparatedStringClaim() {
    HubPrincipal member = principal("1", new JsonObject().put("teams", "7 8"));
    assertTrue(admits("claim:teams", member, "team.8"));
    assertFalse(admits("claim:teams", member, "team.78"));
  }

  @Test
  void claimDeniesWhenTheClaimIsMissingOrNamesAnotherList() {
    HubPrincipal member = principal("1", new JsonObject().put("teams", new JsonArray().add(7)));
    assertFalse(admits("claim:groups", member, "investment.7"));
    assertFalse(admits("claim:teams", principal("1"), "team.7"));
    assertFalse(admits("claim:teams", ANONYMOUS, "team.7"));
  }

  @Test
  void claimNeverAdmitsAChannelWithoutId() {
    HubPrincipal member = principal("1", new JsonObject().put("admin", new JsonArray().add("admin")));
    assertFalse(admits("claim:admin", member, "admin"));
  }
}
