package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubException;
import dev.realtimehub.sync.webhook.Field.Kind;

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
    Field.required("amount", Kind.POSITIVE_NUMBER), Field.required("occurredAt", Kind.TIMESTAMP)));

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

  /** The source named in a webhook URL; {@code not_found} for any other name. */
  public static Source parse(String raw) {
    for (Source source : values()) {
      if (source.wire().equals(raw)) {
        return source;
      }
    }
    throw HubException.notFound("no such webhook source: expected transactions, properties, users, learning "
      + "or investments");
  }
}
