package dev.realtimehub.sync.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureRulesTest {

  private static FeatureRules parse(String json, List<String> problems) {
    return FeatureRules.parse(new JsonObject(json), problems::add);
  }

  @SuppressWarnings("unchecked")
  private static FeatureRules shipped(List<String> problems) throws IOException {
    Map<String, Object> yaml = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
      .load(Files.readString(Path.of("conf/features.yaml")));
    return FeatureRules.parse(new JsonObject(yaml), problems::add);
  }

  @Test
  void shippedRulesDeclareTheFiveFeaturesAndBidding101UnlocksAdvancedBidding() throws IOException {
    List<String> problems = new ArrayList<>();
    FeatureRules rules = shipped(problems);
    assertEquals(List.of(), problems);
    assertEquals(Set.of("advanced_bidding", "bulk_property_operations", "investment_group_creation",
      "team_management", "advanced_analytics"), Set.copyOf(rules.all().stream().map(FeatureRule::name).toList()));
    Learner learner = new Learner(Set.of("bidding-101"), Set.of(), Set.of());
    assertEquals(List.of("advanced_bidding"), rules.newlySatisfied(learner).stream().map(FeatureRule::name).toList());
  }

  @Test
  void unlockingOneFeatureSatisfiesTheFeaturesThatRequireIt() throws IOException {
    FeatureRules rules = shipped(new ArrayList<>());
    Learner learner = new Learner(Set.of("bidding-101", "property-management-201"), Set.of(), Set.of());
    assertEquals(List.of("advanced_bidding", "bulk_property_operations"),
      rules.newlySatisfied(learner).stream().map(FeatureRule::name).toList());
    assertEquals(List.of("course:investing-101", "certification:certified-investor"),
      rules.rule("investment_group_creation").missing(learner));
  }

  @Test
  void everyProblemOfABadFileIsReported() {
    List<String> problems = new ArrayList<>();
    parse(new JsonObject().put("features", new JsonArray()
      .add(new JsonObject().put("name", "a").put("features", new JsonArray().add("b")))
      .add(new JsonObject().put("name", "b").put("features", new JsonArray().add("a")))
      .add(new JsonObject().put("name", "c").put("features", new JsonArray().add("nowhere")))
      .add(new JsonObject().put("name", "d"))
      .add(new JsonObject().put("name", "Bad Name").put("courses", new JsonArray().add("x")))
      .add(new JsonObject().put("name", "e").put("courses", new JsonArray().add("not an id!")))
      .add(new JsonObject().put("name", "e").put("courses", "x"))).encode(), problems);
    String all = String.join("\n", problems);
    assertTrue(all.contains("'a' requires itself"), all);
    assertTrue(all.contains("'b' requires itself"), all);
    assertTrue(all.contains("'c' requires undeclared feature 'nowhere'"), all);
    assertTrue(all.contains("features[3]: feature 'd' needs at least one"), all);
    assertTrue(all.contains("features[4]: expected an object with a name"), all);
    assertTrue(all.contains("features[5].courses: 'not an id!'"), all);
    assertTrue(all.contains("features[6]: feature 'e' is declared twice"), all);
    assertTrue(all.contains("features[6].courses: expected a list"), all);
  }

  @Test
  void aFileWithoutFeaturesIsAProblem() {
    List<String> problems = new ArrayList<>();
    parse("{}", problems);
    assertEquals(List.of("features: the feature file declares no features"), problems);
  }
}
