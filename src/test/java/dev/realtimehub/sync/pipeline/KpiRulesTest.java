package dev.realtimehub.sync.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpiRulesTest {

  private static JsonObject rule(String metric, String scope, String scopeId) {
    JsonObject rule = new JsonObject().put("metric", metric);
    if (scope != null) {
      rule.put("scope", scope);
    }
    if (scopeId != null) {
      rule.put("scope_id", scopeId);
    }
    return rule;
  }

  private static KpiRules parse(JsonObject... rules) {
    JsonArray list = new JsonArray();
    for (JsonObject rule : rules) {
      list.add(rule);
    }
    return KpiRules.parse(new JsonObject().put("rules", list), "kpis.yaml");
  }

  @Test
  void mostSpecificMatchingRuleApplies() {
    KpiRules rules = parse(rule("sales_volume", null, null).put("target", 1),
      rule("sales_volume", "team", "7").put("target", 3), rule("sales_volume", "team", null).put("target", 2));
    assertEquals(new BigDecimal(3), rules.ruleOf("sales_volume", "team", "7").target());
    assertEquals(new BigDecimal(2), rules.ruleOf("sales_volume", "team", "8").target());
    assertEquals(new BigDecimal(1), rules.ruleOf("sales_volume", "agent", "7").target());
    assertNull(rules.ruleOf("deal_count", "team", "7").target());
    assertTrue(rules.ruleOf("deal_count", "team", "7").above().isEmpty());
  }

  @Test
  void crossingsAreFoundFromTheValuesBeforeAndAfterOneChange() {
    KpiRules.Rule rule = parse(rule("m", null, null)
      .put("above", new JsonArray().add(100).add(200))
      .put("below", new JsonArray().add(50))).ruleOf("m", "team", "1");
    assertEquals(List.of(new KpiRules.Crossing(new BigDecimal(100), "above"),
      new KpiRules.Crossing(new BigDecimal(200), "above")), KpiRules.crossings(rule, dec(0), dec(250)));
    assertEquals(List.of(new KpiRules.Crossing(new BigDecimal(100), "above")),
      KpiRules.crossings(rule, dec(99.5), dec(100)));
    assertEquals(List.of(), KpiRules.crossings(rule, dec(100), dec(150)), "already above: no second alert");
    assertEquals(List.of(new KpiRules.Crossing(new BigDecimal(50), "below")),
      KpiRules.crossings(rule, dec(50), dec(49)));
    assertEquals(List.of(), KpiRules.crossings(rule, dec(49), dec(10)), "already below: no second alert");
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
      new JsonObject().put("scope", "team"),
      rule("m", null, null).put("above", "high").put("target", "x").put("colour", "red")));
    assertTrue(e.getMessage().contains("rules[0].metric"), e.getMessage());
    assertTrue(e.getMessage().contains("rules[1].above: must be a list"), e.getMessage());
    assertTrue(e.getMessage().contains("rules[1].target: must be a number"), e.getMessage());
    assertTrue(e.getMessage().contains("rules[1].colour: unknown key"), e.getMessage());
  }

  @Test
  void rulesMustBeAList() {
    assertThrows(IllegalArgumentException.class, () -> KpiRules.parse(new JsonObject().put("rules", "x"), "f"));
  }

  private static BigDecimal dec(double value) {
    return BigDecimal.valueOf(value);
  }
}
