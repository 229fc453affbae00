package dev.realtimehub.sync.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The feature rules of {@code conf/features.yaml}. Immutable, thread-safe, pure. */
public final class FeatureRules {

  private static final String NAME = "[a-z][a-z0-9_]{0,63}";
  private static final String ID = "[A-Za-z0-9_-]{1,128}";

  private final Map<String, FeatureRule> rules;

  public FeatureRules(List<FeatureRule> rules) {
    Map<String, FeatureRule> byName = new LinkedHashMap<>();
    rules.forEach(rule -> byName.put(rule.name(), rule));
    this.rules = byName;
  }

  /** The rule of a feature, or {@code null} when no such feature is declared. */
  public FeatureRule rule(String feature) {
    return rules.get(feature);
  }

  public List<FeatureRule> all() {
    return List.copyOf(rules.values());
  }

  /**
   * The features {@code learner} qualifies for and has not unlocked, in an order where a feature's prerequisite
   * features come first (unlocking one may satisfy another).
   */
  public List<FeatureRule> newlySatisfied(Learner learner) {
    List<FeatureRule> unlocked = new ArrayList<>();
    Learner current = learner;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (FeatureRule rule : rules.values()) {
        if (!current.features().contains(rule.name()) && rule.missing(current).isEmpty()) {
          unlocked.add(rule);
          current = current.withFeature(rule.name());
          progress = true;
        }
      }
    }
    return unlocked;
  }

  /** Parses the {@code features} list, reporting every problem to {@code problems}. */
  public static FeatureRules parse(JsonObject file, Consumer<String> problems) {
    List<FeatureRule> rules = new ArrayList<>();
    if (!(file.getValue("features") instanceof JsonArray list) || list.isEmpty()) {
      problems.accept("features: the feature file declares no features");
      return new FeatureRules(rules);
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "features[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject entry) || !(entry.getValue("name") instanceof String name)
        || !name.matches(NAME)) {
        problems.accept(path + ": expected an object with a name of a-z, 0-9 and _ (starting with a letter)");
        continue;
      }
      FeatureRule rule = new FeatureRule(name, ids(entry, "courses", path, problems),
        ids(entry, "certifications", path, problems), names(entry, path, problems));
      if (rule.courses().isEmpty() && rule.certifications().isEmpty() && rule.features().isEmpty()) {
        problems.accept(path + ": feature '" + name + "' needs at least one course, certification or feature");
      }
      if (rules.stream().anyMatch(r -> r.name().equals(name))) {
        problems.accept(path + ": feature '" + name + "' is declared twice");
      }
      rules.add(rule);
    }
    FeatureRules parsed = new FeatureRules(rules);
    parsed.checkReferences(problems);
    return parsed;
  }

  private void checkReferences(Consumer<String> problems) {
    for (FeatureRule rule : rules.values()) {
      rule.features().stream().filter(f -> !rules.containsKey(f))
        .forEach(f -> problems.accept("features: '" + rule.name() + "' requires undeclared feature '" + f + "'"));
      if (reaches(rule.name(), rule.name(), new HashSet<>())) {
        problems.accept("features: '" + rule.name() + "' requires itself through its prerequisite features");
      }
    }
  }

  private boolean reaches(String from, String target, Set<String> seen) {
    FeatureRule rule = rules.get(from);
    if (rule == null || !seen.add(from)) {
      return false;
    }
    return rule.features().stream().anyMatch(f -> f.equals(target) || reaches(f, target, seen));
  }

  private static List<String> ids(JsonObject entry, String key, String path, Consumer<String> problems) {
    return list(entry, key, ID, path, problems);
  }

  private static List<String> names(JsonObject entry, String path, Consumer<String> problems) {
    return list(entry, "features", NAME, path, problems);
  }

  private static List<String> list(JsonObject entry, String key, String pattern, String path,
                                   Consumer<String> problems) {
    Object value = entry.getValue(key);
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof String text && text.matches(pattern)) {
          result.add(text);
        } else {
          problems.accept(path + "." + key + ": '" + item + "' does not match " + pattern);
        }
      }
      return result;
    }
    problems.accept(path + "." + key + ": expected a list");
    return result;
  }
}
