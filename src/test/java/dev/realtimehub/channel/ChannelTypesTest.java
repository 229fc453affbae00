package dev.realtimehub.channel;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTypesTest {

  private static final Set<String> EIGHTEEN = Set.of("user", "learning", "features", "team", "investment", "kpi",
    "admin", "sync", "system", "orders", "purchasing", "delivery", "maps", "conversation", "support", "session",
    "activity", "public");

  private final List<String> problems = new ArrayList<>();

  @Test
  void packagedChannelFileDeclaresTheEighteenTypesWithoutProblems() {
    ChannelTypes types = ChannelTypes.parse(packagedChannelFile(), problems::add);
    assertEquals(List.of(), problems);
    assertEquals(EIGHTEEN, types.all().stream().map(ChannelType::name).collect(Collectors.toSet()));
  }

  @Test
  void packagedChannelFileCarriesRulesAndOptions() {
    ChannelTypes types = ChannelTypes.parse(packagedChannelFile(), problems::add);
    ChannelType team = types.typeOf(ChannelName.parse("team.7"));
    assertEquals(List.of(new ChannelRule.Claim("teams"), new ChannelRule.Member("team"), new ChannelRule.Role("admin")),
      team.subscribe());
    assertTrue(team.options().presence());
    assertTrue(team.options().typing());
    assertFalse(team.clientPublish());
    ChannelType conversation = types.typeOf(ChannelName.parse("conversation.42"));
    assertEquals(List.of(new ChannelRule.Member("conversation")), conversation.publish());
    assertTrue(conversation.options().readReceipts());
    assertEquals(ChannelType.IdPolicy.NONE, types.typeOf(ChannelName.parse("admin")).idPolicy());
    assertEquals(List.of(new ChannelRule.Anyone()), types.typeOf(ChannelName.parse("public.x")).subscribe());
    assertEquals(250, types.typeOf(ChannelName.parse("kpi.sales_volume.team.7")).options().debounceMs());
    assertEquals(100, types.typeOf(ChannelName.parse("session.s1")).options().maxMembers());
  }

  @Test
  void theNodesControlChannelCannotBeATypeName() {
    JsonObject file = new JsonObject().put("types", new JsonArray()
      .add(new JsonObject().put("name", "hub_control").put("id", "none").put("subscribe", new JsonArray().add("anyone"))));
    ChannelTypes.parse(file, problems::add);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'hub_control' is reserved"), problems.get(0));
  }

  @Test
  void unknownTypeIsNotFound() {
    ChannelTypes types = ChannelTypes.parse(packagedChannelFile(), problems::add);
    HubException error = assertThrows(HubException.class, () -> types.typeOf(ChannelName.parse("nosuch.1")));
    assertEquals(HubErrorCode.NOT_FOUND, error.code());
  }

  @Test
  void idOnATypeThatTakesNoneIsABadRequest() {
    ChannelTypes types = ChannelTypes.parse(packagedChannelFile(), problems::add);
    HubException error = assertThrows(HubException.class, () -> types.typeOf(ChannelName.parse("admin.3")));
    assertEquals(HubErrorCode.BAD_REQUEST, error.code());
    assertTrue(error.getMessage().contains("take no id"), error.getMessage());
  }

  @Test
  void missingIdOnATypeThatNeedsOneIsABadRequest() {
    ChannelTypes types = ChannelTypes.parse(packagedChannelFile(), problems::add);
    HubException error = assertThrows(HubException.class, () -> types.typeOf(ChannelName.parse("user")));
    assertEquals(HubErrorCode.BAD_REQUEST, error.code());
    assertTrue(error.getMessage().contains("need an id"), error.getMessage());
  }

  @Test
  void optionalIdTypeAcceptsNamesWithAndWithoutId() {
    ChannelTypes types = parse(type("room").put("id", "optional").put("subscribe", new JsonArray().add("anyone")));
    assertEquals(List.of(), problems);
    assertEquals("room", types.typeOf(ChannelName.parse("room")).name());
    assertEquals("room", types.typeOf(ChannelName.parse("room.1")).name());
  }

  @Test
  void idPolicyDefaultsToRequiredAndIgnoresCase() {
    ChannelTypes types = parse(type("a"), type("b").put("id", "NONE"));
    assertEquals(List.of(), problems);
    assertEquals(ChannelType.IdPolicy.REQUIRED, types.typeOf(ChannelName.parse("a.1")).idPolicy());
    assertEquals(ChannelType.IdPolicy.NONE, types.typeOf(ChannelName.parse("b")).idPolicy());
  }

  @Test
  void omittedOptionsTakeTheirDefaults() {
    ChannelType type = parse(type("a")).typeOf(ChannelName.parse("a.1"));
    assertEquals(new ChannelOptions(false, false, false, 0, 300, 0, 0), type.options());
    assertEquals(List.of(), type.subscribe());
    assertEquals(List.of(), type.publish());
  }

  @Test
  void fileWithoutTypesIsReported() {
    ChannelTypes.parse(new JsonObject(), problems::add);
    ChannelTypes.parse(new JsonObject().put("types", new JsonArray()), problems::add);
    ChannelTypes.parse(new JsonObject().put("types", "user"), problems::add);
    assertEquals(List.of("channels: the channel file declares no types", "channels: the channel file declares no types",
      "channels: the channel file declares no types"), problems);
  }

  @Test
  void entryThatIsNotAnObjectIsReported() {
    ChannelTypes types = ChannelTypes.parse(new JsonObject().put("types", new JsonArray().add("user").add(type("a"))),
      problems::add);
    assertEquals(List.of("channels.types[0]: expected an object"), problems);
    assertEquals(1, types.all().size());
  }

  @Test
  void invalidTypeNamesAreReported() {
    parse(new JsonObject(), type("Team"), type("7days"), type("_x"), type("a-b"), type("a".repeat(33)), type("é"));
    assertEquals(7, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("channels.types[0].name: '' is not a valid type name"), problems.get(0));
    assertTrue(problems.get(1).startsWith("channels.types[1].name: 'Team'"), problems.get(1));
  }

  @Test
  void duplicateTypeIsReportedAndTheFirstDeclarationKept() {
    ChannelTypes types = parse(type("team").put("subscribe", new JsonArray().add("role:admin")),
      type("team").put("subscribe", new JsonArray().add("anyone")));
    assertEquals(List.of("channels.types[1]: type 'team' is declared twice"), problems);
    assertEquals(List.of(new ChannelRule.Role("admin")), types.typeOf(ChannelName.parse("team.1")).subscribe());
  }

  @Test
  void unknownIdPolicyIsReported() {
    parse(type("a").put("id", "sometimes"));
    assertEquals(List.of("channels.a.id: expected required, none or optional"), problems);
  }

  @Test
  void ruleNeedingAnIdOnATypeWithoutIdIsReported() {
    parse(type("a").put("id", "none").put("subscribe", new JsonArray().add("self").add("claim:teams").add("role:x"))
      .put("publish", new JsonArray().add("member:a")));
    assertEquals(List.of("channels.a.subscribe: rule 'self' needs a channel id but the type takes none",
      "channels.a.subscribe: rule 'claim:teams' needs a channel id but the type takes none",
      "channels.a.publish: rule 'member:a' needs a channel id but the type takes none"), problems);
  }

  @Test
  void badRulesAreReportedWithTheirPlace() {
    parse(type("a").put("subscribe", new JsonArray().add("root").add(3).add("role:").add("anyone"))
      .put("publish", "self"));
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("channels.a.subscribe: 'root' is not a rule"), problems.get(0));
    assertTrue(problems.get(1).startsWith("channels.a.subscribe: '3' is not a rule"), problems.get(1));
    assertTrue(problems.get(2).startsWith("channels.a.subscribe: 'role:' is not a rule"), problems.get(2));
    assertEquals("channels.a.publish: expected a list of rules", problems.get(3));
  }

  @Test
  void numericOptionsOfTheWrongTypeAreReported() {
    parse(type("a").put("history_size", "10").put("history_ttl_seconds", -1).put("debounce_ms", 2.5)
      .put("max_members", new JsonArray()));
    assertEquals(List.of("channels.a.history_size: expected a whole number >= 0",
      "channels.a.history_ttl_seconds: expected a whole number >= 0",
      "channels.a.debounce_ms: expected a whole number >= 0",
      "channels.a.max_members: expected a whole number >= 0"), problems);
  }

  @Test
  void flagOptionsOfTheWrongTypeAreReported() {
    parse(type("a").put("presence", "yes").put("typing", 1).put("read_receipts", new JsonObject()));
    assertEquals(List.of("channels.a.presence: expected true or false", "channels.a.typing: expected true or false",
      "channels.a.read_receipts: expected true or false"), problems);
  }

  @Test
  void everyProblemOfTheFileIsReportedInOnePass() {
    parse(type("Bad"), type("ok").put("id", "never"), type("c").put("subscribe", new JsonArray().add("x")),
      type("c"), type("d").put("history_size", "many"));
    assertEquals(5, problems.size(), problems.toString());
  }

  @Test
  void typeLookupIsByExactTypeName() {
    ChannelTypes types = parse(type("team"));
    assertSame(HubErrorCode.NOT_FOUND,
      assertThrows(HubException.class, () -> types.typeOf(ChannelName.parse("teams.1"))).code());
    assertSame(HubErrorCode.NOT_FOUND,
      assertThrows(HubException.class, () -> types.typeOf(ChannelName.parse("tea.1"))).code());
  }

  private static JsonObject type(String name) {
    return new JsonObject().put("name", name);
  }

  private ChannelTypes parse(JsonObject... entries) {
    JsonArray list = new JsonArray();
    for (JsonObject entry : entries) {
      list.add(entry);
    }
    return ChannelTypes.parse(new JsonObject().put("types", list), problems::add);
  }

  /** The {@code conf/channels.yaml} copy the build packages on the classpath, read as the loader would. */
  static JsonObject packagedChannelFile() {
    try (InputStream in = ChannelTypesTest.class.getClassLoader().getResourceAsStream("conf/channels.yaml")) {
      assertNotNull(in, "conf/channels.yaml is not on the classpath");
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new JsonObject(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
