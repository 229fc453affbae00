package dev.realtimehub.sync.webhook;

import io.vertx.core.json.JsonArray;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One field of a webhook item: its name, what it must hold, and whether it may be absent. {@link #check}
 * answers the problem with a value, or {@code null} when it is fine.
 */
record Field(String name, Kind kind, boolean required, Set<String> allowed) {

  /** What a field may hold. Ids end up in channel names, so they use the channel id grammar. */
  enum Kind { ID, STRING, POSITIVE_NUMBER, PERCENT, NON_NEGATIVE_NUMBER, CURRENCY, TIMESTAMP, VERSION, STRINGS, IDS,
    ONE_OF }

  private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  Field {
    Objects.requireNonNull(name);
    Objects.requireNonNull(kind);
    allowed = Set.copyOf(allowed);
  }

  static Field required(String name, Kind kind) {
    return new Field(name, kind, true, Set.of());
  }

  static Field optional(String name, Kind kind) {
    return new Field(name, kind, false, Set.of());
  }

  static Field oneOf(String name, String... values) {
    return new Field(name, Kind.ONE_OF, true, Set.of(values));
  }

  String check(Object value) {
    if (value == null) {
      return required ? "required" : null;
    }
    return switch (kind) {
      case ID -> isId(value) ? null : "must be an id (1-128 of A-Z a-z 0-9 _ -, or a whole number)";
      case STRING -> value instanceof String s && !s.isBlank() && s.length() <= 200 ? null
        : "must be a non-empty string of at most 200 characters";
      case POSITIVE_NUMBER -> number(value) != null && number(value).signum() > 0 ? null : "must be a positive number";
      case NON_NEGATIVE_NUMBER -> number(value) != null && number(value).signum() >= 0 ? null
        : "must be a number of at least 0";
      case PERCENT -> number(value) != null && number(value).signum() >= 0
        && number(value).compareTo(BigDecimal.valueOf(100)) <= 0 ? null : "must be a number from 0 to 100";
      case CURRENCY -> value instanceof String s && s.matches("[A-Z]{3}") ? null : "must be an ISO 4217 code (EUR)";
      case TIMESTAMP -> isTimestamp(value) ? null : "must be an ISO-8601 timestamp with an offset";
      case VERSION -> value instanceof Integer || value instanceof Long ? (((Number) value).longValue() >= 0 ? null
        : "must be at least 0") : "must be a whole number";
      case STRINGS -> isList(value, false) ? null : "must be a list of non-empty strings";
      case IDS -> isList(value, true) ? null : "must be a list of ids";
      case ONE_OF -> value instanceof String s && allowed.contains(s) ? null
        : "must be one of " + allowed.stream().sorted().toList();
    };
  }

  static boolean isId(Object value) {
    return (value instanceof String s && ID_PATTERN.matcher(s).matches())
      || ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0);
  }

  static BigDecimal number(Object value) {
    if (!(value instanceof Number n)) {
      return null;
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isTimestamp(Object value) {
    if (!(value instanceof String s) || s.length() > 64) {
      return false;
    }
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isList(Object value, boolean ids) {
    if (!(value instanceof JsonArray array) || array.size() > 1000) {
      return false;
    }
    for (Object item : array) {
      boolean ok = ids ? isId(item) : item instanceof String s && !s.isBlank() && s.length() <= 200;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
