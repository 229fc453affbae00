package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubException;
import dev.realtimehub.sync.webhook.Field.Kind;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/** The HBH-2 webhook sources and the shape of their items. */
public enum Source {
  TRANSACTIONS(List.of(Field.required("id", Kind.ID), Field.required("agentId", Kind.ID),
    Field.required("teamId", Kind.ID), Field.required("amount", Kind.POSITIVE_NUMBER),
    Field.required("currency", Kind.CURRENCY), Field.oneOf("type", "sale", "refund"),
    Field.required("occurredAt", Kind.TIMESTAMP))),
  PROPERTIES(List.of(Field.required("id", Kind.ID), Field.required("status", Kind.STRING),
    Field.required("value", Kind.NON_NEGATIVE_NUMBER), Field.required("currency", Kind.CURRENCY),
    Field.required("version", Kind.VERSION), Field.required("groupIds", Kind.IDS))),
  USERS(List.of(Field.required("id", Kind.ID), Field.required("roles", Kind.STRINGS),
    Field.required("permissions", Kind.STRINGS), Field.required("teams", Kind.IDS),
    Field.required("groups", Kind.IDS), Field.required("version", Kind.VERSION))),
  LEARNING(List.of(Field.required("userId", Kind.ID), Field.required("courseId", Kind.ID),
    Field.oneOf("status", "enrolled", "progress", "completed"), Field.required("progress", Kind.PERCENT),
    Field.optional("certificationId", Kind.ID), Field.required("occurredAt", Kind.TIMESTAMP))),
  INVESTMENTS(List.of(Field.required("id", Kind.ID), Field.required("groupId", Kind.ID),
    Field.required("userId", Kind.ID), Field.required("propertyId", Kind.ID),
    Field.required("amount", Kind.POSITIVE_NUMBER), Field.required("occurredAt", Kind.TIMESTAMP))),
  /** Team changes: not one of HBH-2's five sources, an addition of the hub for {@code team.{teamId}}. */
  TEAMS(List.of(Field.required("id", Kind.ID), Field.required("teamId", Kind.ID),
    Field.oneOf("change", "member_added", "member_removed", "leader_changed", "goal_updated"),
    Field.optional("userId", Kind.ID), Field.optional("previousLeaderId", Kind.ID), Field.optional("metric", Kind.ID),
    Field.optional("target", Kind.NON_NEGATIVE_NUMBER), Field.required("occurredAt", Kind.TIMESTAMP)));

  private final List<Field> fields;

  Source(List<Field> fields) {
    this.fields = fields;
  }

  /** The name in the URL and in the inbox ({@code transactions}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  List<Field> fields() {
    return fields;
  }

  /** The problem of an item's fields taken together ({@code userId: required for member_added}), or null. */
  String crossCheck(JsonObject item) {
    if (this != TEAMS) {
      return null;
    }
    String change = item.getString("change");
    if ("goal_updated".equals(change)) {
      return item.getValue("metric") == null ? "metric: required for goal_updated"
        : item.getValue("target") == null ? "target: required for goal_updated" : null;
    }
    return item.getValue("userId") == null ? "userId: required for " + change : null;
  }

  /** The source named in a webhook URL; {@code not_found} for any other name. */
  public static Source parse(String raw) {
    for (Source source : values()) {
      if (source.wire().equals(raw)) {
        return source;
      }
    }
    throw HubException.notFound("no such webhook source: expected transactions, properties, users, learning, "
      + "investments or teams");
  }
}
