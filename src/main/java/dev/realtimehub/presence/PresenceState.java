package dev.realtimehub.presence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is present in one channel: one entry per user, with the connections that hold it. Joins and leaves
 * are reported only for a user's first and last connection. Pure state; callers serialise access.
 */
final class PresenceState {

  private record Entry(PresenceMember member, Set<String> connections) {
  }

  private final Map<String, Entry> users = new LinkedHashMap<>();

  JoinResult join(String connection, PresenceMember member, int maxMembers) {
    Entry entry = users.get(member.id());
    if (entry != null) {
      entry.connections().add(connection);
      return JoinResult.ANOTHER_CONNECTION;
    }
    if (maxMembers > 0 && users.size() >= maxMembers) {
      return JoinResult.FULL;
    }
    Set<String> connections = new HashSet<>();
    connections.add(connection);
    users.put(member.id(), new Entry(member, connections));
    return JoinResult.FIRST;
  }

  /** Returns the member when this was the user's last connection, else {@code null}. */
  PresenceMember leave(String connection, String userId) {
    Entry entry = users.get(userId);
    if (entry == null || !entry.connections().remove(connection) || !entry.connections().isEmpty()) {
      return null;
    }
    users.remove(userId);
    return entry.member();
  }

  Roster roster(int limit) {
    List<PresenceMember> members = new ArrayList<>(Math.min(limit, users.size()));
    for (Entry entry : users.values()) {
      if (members.size() >= limit) {
        break;
      }
      members.add(entry.member());
    }
    return new Roster(members, users.size());
  }

  boolean has(String userId) {
    return users.containsKey(userId);
  }

  boolean isEmpty() {
    return users.isEmpty();
  }
}
