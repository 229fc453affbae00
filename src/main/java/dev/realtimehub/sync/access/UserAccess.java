package dev.realtimehub.sync.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's access as HBH-2 last reported it: roles, permissions, teams and investment groups, at a version.
 * Version {@code -1} is a user the hub has not heard of yet.
 */
public record UserAccess(String userId, Set<String> roles, Set<String> permissions, Set<String> teams,
                         Set<String> groups, long version) {

  public UserAccess {
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
    teams = Set.copyOf(teams);
    groups = Set.copyOf(groups);
  }

  /** A validated users webhook item ({@code id, roles, permissions, teams, groups, version}). */
  public static UserAccess fromItem(JsonObject item) {
    return new UserAccess(String.valueOf(item.getValue("id")), strings(item.getJsonArray("roles")),
      strings(item.getJsonArray("permissions")), strings(item.getJsonArray("teams")),
      strings(item.getJsonArray("groups")), item.getLong("version"));
  }

  /** What {@code user.{id}} subscribers are told. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("userId", userId)
      .put("version", version)
      .put("roles", sorted(roles))
      .put("permissions", sorted(permissions))
      .put("teams", sorted(teams))
      .put("groups", sorted(groups));
  }

  static JsonArray sorted(Set<String> values) {
    return new JsonArray(new TreeSet<>(values).stream().toList());
  }

  static Set<String> strings(JsonArray array) {
    Set<String> result = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(value -> result.add(String.valueOf(value)));
    }
    return result;
  }

  /** The values of {@code before} that {@code after} no longer has. */
  static Set<String> removed(Set<String> before, Set<String> after) {
    Set<String> result = new TreeSet<>(before);
    result.removeAll(after);
    return result;
  }
}
