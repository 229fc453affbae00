package dev.realtimehub.sync.access;

import dev.realtimehub.core.Revocation;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one applied users item changes outside the SQL store: memberships to add to and remove from the
 * membership store behind {@code member:} rules, and claims that no longer hold for the user's live
 * subscriptions. Written to {@code access_changes} in the item's transaction and applied after commit.
 */
public record AccessChange(String userId, long version, Set<String> addTeams, Set<String> removeTeams,
                           Set<String> addGroups, Set<String> removeGroups, Set<String> withdrawnRoles,
                           Set<String> withdrawnPermissions) {

  /** Channel types (and {@code member:} kinds) fed by HBH-2: teams → {@code team}, groups → {@code investment}. */
  public static final String TEAM_KIND = "team";
  public static final String GROUP_KIND = "investment";
  /** The token claims that list a user's teams and groups ({@code claim:teams}, {@code claim:groups}). */
  static final String TEAMS_CLAIM = "teams";
  static final String GROUPS_CLAIM = "groups";

  public AccessChange {
    addTeams = Set.copyOf(addTeams);
    removeTeams = Set.copyOf(removeTeams);
    addGroups = Set.copyOf(addGroups);
    removeGroups = Set.copyOf(removeGroups);
    withdrawnRoles = Set.copyOf(withdrawnRoles);
    withdrawnPermissions = Set.copyOf(withdrawnPermissions);
  }

  /** The change from {@code before} to {@code after} (same user). */
  public static AccessChange between(UserAccess before, UserAccess after) {
    return new AccessChange(after.userId(), after.version(), UserAccess.removed(after.teams(), before.teams()),
      UserAccess.removed(before.teams(), after.teams()), UserAccess.removed(after.groups(), before.groups()),
      UserAccess.removed(before.groups(), after.groups()), UserAccess.removed(before.roles(), after.roles()),
      UserAccess.removed(before.permissions(), after.permissions()));
  }

  public boolean isEmpty() {
    return addTeams.isEmpty() && removeTeams.isEmpty() && addGroups.isEmpty() && removeGroups.isEmpty()
      && withdrawnRoles.isEmpty() && withdrawnPermissions.isEmpty();
  }

  /**
   * The re-check of live subscriptions this change calls for, or {@code null} when it only adds. A withdrawn role
   * or permission may guard any channel, so it re-checks all of the user's subscriptions; a removed membership
   * only its own channel.
   */
  public Revocation revocation() {
    if (removeTeams.isEmpty() && removeGroups.isEmpty() && withdrawnRoles.isEmpty()
      && withdrawnPermissions.isEmpty()) {
      return null;
    }
    Set<String> channels = new LinkedHashSet<>();
    if (withdrawnRoles.isEmpty() && withdrawnPermissions.isEmpty()) {
      removeTeams.forEach(team -> channels.add(TEAM_KIND + "." + team));
      removeGroups.forEach(group -> channels.add(GROUP_KIND + "." + group));
    }
    Map<String, Set<String>> withdrawn = new LinkedHashMap<>();
    withdrawn.put("roles", withdrawnRoles);
    withdrawn.put("permissions", withdrawnPermissions);
    withdrawn.put(TEAMS_CLAIM, removeTeams);
    withdrawn.put(GROUPS_CLAIM, removeGroups);
    return new Revocation(userId, channels, withdrawn, "access changed in HBH-2 (user version " + version + ")");
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("userId", userId)
      .put("version", version)
      .put("addTeams", UserAccess.sorted(addTeams))
      .put("removeTeams", UserAccess.sorted(removeTeams))
      .put("addGroups", UserAccess.sorted(addGroups))
      .put("removeGroups", UserAccess.sorted(removeGroups))
      .put("withdrawnRoles", UserAccess.sorted(withdrawnRoles))
      .put("withdrawnPermissions", UserAccess.sorted(withdrawnPermissions));
  }

  public static AccessChange fromJson(JsonObject json) {
    return new AccessChange(json.getString("userId"), json.getLong("version"),
      UserAccess.strings(json.getJsonArray("addTeams")), UserAccess.strings(json.getJsonArray("removeTeams")),
      UserAccess.strings(json.getJsonArray("addGroups")), UserAccess.strings(json.getJsonArray("removeGroups")),
      UserAccess.strings(json.getJsonArray("withdrawnRoles")),
      UserAccess.strings(json.getJsonArray("withdrawnPermissions")));
  }
}
