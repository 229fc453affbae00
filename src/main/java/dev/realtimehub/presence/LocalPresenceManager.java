package dev.realtimehub.presence;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Presence in memory, for the embedded single-node hub. One lock per channel. */
public final class LocalPresenceManager implements PresenceManager {

  private final ConcurrentHashMap<String, PresenceState> channels = new ConcurrentHashMap<>();

  @Override
  public Future<JoinResult> join(String channel, String connection, PresenceMember member, int maxMembers) {
    JoinResult[] result = new JoinResult[1];
    channels.compute(channel, (key, state) -> {
      PresenceState target = state == null ? new PresenceState() : state;
      result[0] = target.join(connection, member, maxMembers);
      return target.isEmpty() ? null : target;
    });
    return Future.succeededFuture(result[0]);
  }

  @Override
  public Future<PresenceMember> leave(String channel, String connection, String userId) {
    PresenceMember[] left = new PresenceMember[1];
    channels.computeIfPresent(channel, (key, state) -> {
      left[0] = state.leave(connection, userId);
      return state.isEmpty() ? null : state;
    });
    return Future.succeededFuture(left[0]);
  }

  @Override
  public Future<Boolean> isMember(String channel, String userId) {
    boolean[] present = {false};
    channels.computeIfPresent(channel, (key, state) -> {
      present[0] = state.has(userId);
      return state;
    });
    return Future.succeededFuture(present[0]);
  }

  @Override
  public Future<Roster> roster(String channel, int limit) {
    Roster[] roster = {new Roster(List.of(), 0)};
    channels.computeIfPresent(channel, (key, state) -> {
      roster[0] = state.roster(limit);
      return state;
    });
    return Future.succeededFuture(roster[0]);
  }
}
