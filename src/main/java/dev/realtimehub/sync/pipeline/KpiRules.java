package dev.realtimehub.sync.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.config.yaml.YamlProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The alert levels and targets of KPIs, from {@code sync.kpi_rules_file} ({@code conf/kpis.yaml}). A rule names a
 * metric and optionally a scope and a scope id; the most specific rule that matches a KPI applies. Pure and
 * immutable once parsed.
 */
public final class KpiRules {

  /** One rule: {@code above}/{@code below} alert levels and an optional {@code target}. */
  public record Rule(String metric, String scope, String scopeId, List<BigDecimal> above, List<BigDecimal> below,
                     BigDecimal target) {

    boolean matches(String kpiMetric, String kpiScope, String kpiScopeId) {
      return metric.equals(kpiMetric) && (scope == null || scope.equals(kpiScope))
        && (scopeId == null || scopeId.equals(kpiScopeId));
    }

    int specificity() {
      return (scope == null ? 0 : 1) + (scopeId == null ? 0 : 2);
    }
  }

  /** A level the value passed in one change: {@code above} when it rose to it, {@code below} when it fell under. */
  public record Crossing(BigDecimal level, String direction) {
  }

  private static final Rule NONE = new Rule("", null, null, List.of(), List.of(), null);
  private static final Set<String> KEYS = Set.of("metric", "scope", "scope_id", "above", "below", "target");

  private final List<Rule> rules;

  private KpiRules(List<Rule> rules) {
    this.rules = rules.stream().sorted(Comparator.comparingInt(Rule::specificity).reversed()).toList();
  }

  /** Reads and parses the file (on disk, else on the classpath); fails with every problem in one message. */
  public static Future<KpiRules> read(Vertx vertx, String path) {
    return vertx.fileSystem().readFile(path)
      .compose(bytes -> new YamlProcessor().process(vertx, null, bytes))
      .map(tree -> parse(tree == null ? new JsonObject() : tree, path))
      .recover(e -> Future.failedFuture(e instanceof IllegalArgumentException ? e
        : new IllegalArgumentException(path + ": " + e.getMessage(), e)));
  }

  /** Parses {@code {"rules":[…]}}. */
  public static KpiRules parse(JsonObject file, String where) {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Object list = file.getValue("rules", new JsonArray());
    if (!(list instanceof JsonArray entries)) {
      throw new IllegalArgumentException(where + ": rules: must be a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      String at = where + ": rules[" + i + "]";
      if (entries.getValue(i) instanceof JsonObject entry) {
        rules.add(rule(entry, at, problems));
      } else {
        problems.add(at + ": must be a mapping");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new KpiRules(rules);
  }

  /** The most specific rule of the KPI; one with no levels and no target when none matches. */
  public Rule ruleOf(String metric, String scope, String scopeId) {
    return rules.stream().filter(rule -> rule.matches(metric, scope, scopeId)).findFirst().orElse(NONE);
  }

  /** The alert levels a change from {@code before} to {@code after} passed, in the rule's order. */
  public static List<Crossing> crossings(Rule rule, BigDecimal before, BigDecimal after) {
    List<Crossing> crossed = new ArrayList<>();
    for (BigDecimal level : rule.above()) {
      if (before.compareTo(level) < 0 && after.compareTo(level) >= 0) {
        crossed.add(new Crossing(level, "above"));
      }
    }
    for (BigDecimal level : rule.below()) {
      if (before.compareTo(level) >= 0 && after.compareTo(level) < 0) {
        crossed.add(new Crossing(level, "below"));
      }
    }
    return crossed;
  }

  private static Rule rule(JsonObject entry, String at, List<String> problems) {
    entry.fieldNames().stream().filter(key -> !KEYS.contains(key)).sorted()
      .forEach(key -> problems.add(at + "." + key + ": unknown key (expected " + KEYS.stream().sorted().toList() + ")"));
    Object metric = entry.getValue("metric");
    if (!(metric instanceof String name) || !name.matches("[a-z][a-z0-9_]{0,63}")) {
      problems.add(at + ".metric: required, a-z 0-9 _");
      return NONE;
    }
    BigDecimal target = entry.getValue("target") == null ? null : number(entry.getValue("target"), at + ".target",
      problems);
    return new Rule(name, text(entry.getValue("scope")), text(entry.getValue("scope_id")),
      levels(entry.getValue("above"), at + ".above", problems), levels(entry.getValue("below"), at + ".below", problems),
      target);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<BigDecimal> levels(Object value, String at, List<String> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray list)) {
      problems.add(at + ": must be a list of numbers");
      return List.of();
    }
    List<BigDecimal> levels = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      levels.add(number(list.getValue(i), at + "[" + i + "]", problems));
    }
    return List.copyOf(levels);
  }

  private static BigDecimal number(Object value, String at, List<String> problems) {
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    problems.add(at + ": must be a number");
    return BigDecimal.ZERO;
  }
}
