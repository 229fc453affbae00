package dev.realtimehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed values out of the merged configuration tree, collecting every problem instead of failing
 * at the first one, so that start-up can report them all in one message.
 */
final class ConfigReader {

  private final JsonObject root;
  private final List<String> problems = new ArrayList<>();

  ConfigReader(JsonObject root) {
    this.root = root;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  private Object raw(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject obj)) {
        return null;
      }
      node = obj.getValue(part);
    }
    return node;
  }

  String string(String path) {
    Object value = raw(path);
    if (value == null) {
      return "";
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    problem(path + ": expected a string");
    return "";
  }

  int integer(String path, int min, int max) {
    Object value = raw(path);
    int result;
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      result = number.intValue();
    } else if (value instanceof String text && text.trim().matches("-?\\d{1,10}")) {
      result = Integer.parseInt(text.trim());
    } else {
      problem(path + ": expected a whole number, got " + describe(value));
      return min;
    }
    if (result < min || result > max) {
      problem(path + ": " + result + " is outside " + min + ".." + max);
      return min;
    }
    return result;
  }

  boolean bool(String path) {
    Object value = raw(path);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(text);
    }
    problem(path + ": expected true or false, got " + describe(value));
    return false;
  }

  /** A list of strings, given either as a YAML list or as a comma-separated string (from the environment). */
  List<String> strings(String path) {
    Object value = raw(path);
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof String text) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
      return result;
    }
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof String || item instanceof Number) {
          result.add(item.toString().trim());
        } else {
          problem(path + ": expected a list of strings");
        }
      }
      return result;
    }
    problem(path + ": expected a list of strings, got " + describe(value));
    return result;
  }

  /** A list of objects; anything else in the list is reported. */
  List<JsonObject> objects(String path) {
    Object value = raw(path);
    List<JsonObject> result = new ArrayList<>();
    if (value == null || (value instanceof String text && text.isBlank())) {
      return result;
    }
    if (!(value instanceof JsonArray array)) {
      problem(path + ": expected a list of objects");
      return result;
    }
    for (Object item : array) {
      if (item instanceof JsonObject obj) {
        result.add(obj);
      } else {
        problem(path + ": expected a list of objects");
      }
    }
    return result;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
