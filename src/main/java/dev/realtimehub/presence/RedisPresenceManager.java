package dev.realtimehub.presence;

import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence in Redis, shared by every node. Each connection is an entry with an expiry that its node
 * refreshes by heartbeat; when a node dies its entries stop being refreshed, and the periodic sweep (run
 * by one node at a time) removes them and reports the users that left. One entry per user is kept for
 * the roster, with a connection count, so joins and leaves are announced once per user across nodes.
 *
 * <p>The heartbeat also notices entries that Redis no longer has (it restarted without persistence, or its
 * keys were evicted) and joins those connections again, so a roster comes back without anybody reconnecting.
 * Such re-joins are not announced as new members: the members never left.
 */
public final class RedisPresenceManager implements PresenceManager {

  static final LuaScript JOIN = LuaScript.load("presence_join");
  static final LuaScript LEAVE = LuaScript.load("presence_leave");
  static final LuaScript ROSTER = LuaScript.load("presence_roster");

  private final RedisStore redis;
  private final long ttlMs;
  private final String node;
  /** This node's connections in presence and their members, by channel: what the heartbeat refreshes. */
  private final Map<String, Map<String, PresenceMember>> local = new ConcurrentHashMap<>();

  public RedisPresenceManager(RedisStore redis, long ttlMs, String node) {
    this.redis = redis;
    this.ttlMs = ttlMs;
    this.node = node;
  }

  private List<String> keys(String channel) {
    return List.of(redis.channelKey(channel, "pc"), redis.channelKey(channel, "pi"),
      redis.channelKey(channel, "pu"), redis.channelKey(channel, "pm"));
  }

  private String channels() {
    return redis.key("presence:channels");
  }

  /** Connection ids are qualified with the node so that nodes never collide. */
  private String entry(String connection) {
    return node + "/" + connection;
  }

  @Override
  public Future<JoinResult> join(String channel, String connection, PresenceMember member, int maxMembers) {
    long expiry = System.currentTimeMillis() + ttlMs;
    List<String> args = List.of(entry(connection), member.id(), member.info().encode(), Long.toString(expiry),
      Integer.toString(maxMembers), Long.toString(ttlMs * 4));
    return redis.eval(JOIN, keys(channel), args)
      .compose(reply -> redis.send(Request.cmd(Command.SADD).arg(channels()).arg(channel)).map(reply))
      .map(reply -> {
        JoinResult result = switch (reply.toString()) {
          case "FIRST" -> JoinResult.FIRST;
          case "FULL" -> JoinResult.FULL;
          default -> JoinResult.ANOTHER_CONNECTION;
        };
        if (result != JoinResult.FULL) {
          local.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(connection, member);
        }
        return result;
      });
  }

  @Override
  public Future<PresenceMember> leave(String channel, String connection, String userId) {
    Map<String, PresenceMember> mine = local.get(channel);
    if (mine != null) {
      mine.remove(connection);
      if (mine.isEmpty()) {
        local.remove(channel, mine);
      }
    }
    return redis.eval(LEAVE, keys(channel), List.of(entry(connection), "0", userId))
      .map(reply -> reply.size() >= 2 ? member(reply.get(0).toString(), reply.get(1).toString()) : null);
  }

  private static PresenceMember member(String user, String info) {
    JsonObject json = info == null || info.isEmpty() ? new JsonObject() : new JsonObject(info);
    return new PresenceMember(user, json.put("id", user));
  }

  @Override
  public Future<Boolean> isMember(String channel, String userId) {
    return redis.send(Request.cmd(Command.HEXISTS).arg(redis.channelKey(channel, "pu")).arg(userId))
      .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Roster> roster(String channel, int limit) {
    List<String> keys = keys(channel);
    return redis.eval(ROSTER, keys.subList(2, 4), List.of(Integer.toString(limit)))
      .map(reply -> {
        List<PresenceMember> members = new ArrayList<>();
        Response listed = reply.get(1);
        for (int i = 0; i + 1 < listed.size(); i += 2) {
          members.add(member(listed.get(i).toString(), listed.get(i + 1).toString()));
        }
        return new Roster(members, reply.get(0).toInteger());
      });
  }

  /**
   * Refreshes this node's entries; call every third of the TTL. {@code ZADD XX CH} counts the entries it found;
   * a channel where it found fewer than this node holds is joined again connection by connection (the join is
   * idempotent, so a miscount only costs a few calls).
   */
  public Future<Void> heartbeat() {
    long expiry = System.currentTimeMillis() + ttlMs;
    List<Request> requests = new ArrayList<>();
    List<String> refreshed = new ArrayList<>();
    List<Integer> zaddAt = new ArrayList<>();
    Map<String, Map<String, PresenceMember>> snapshot = new HashMap<>();
    local.forEach((channel, connections) -> {
      Map<String, PresenceMember> copy = Map.copyOf(connections);
      if (copy.isEmpty()) {
        return;
      }
      snapshot.put(channel, copy);
      Request zadd = Request.cmd(Command.ZADD).arg(redis.channelKey(channel, "pc")).arg("XX").arg("CH");
      copy.keySet().forEach(connection -> zadd.arg(expiry).arg(entry(connection)));
      refreshed.add(channel);
      zaddAt.add(requests.size());
      requests.add(zadd);
      for (String key : keys(channel)) {
        requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(ttlMs * 4));
      }
      requests.add(Request.cmd(Command.SADD).arg(channels()).arg(channel));
    });
    if (requests.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.batch(requests).compose(replies -> {
      List<Future<JoinResult>> rejoins = new ArrayList<>();
      for (int i = 0; i < refreshed.size(); i++) {
        String channel = refreshed.get(i);
        Map<String, PresenceMember> connections = snapshot.get(channel);
        if (replies.get(zaddAt.get(i)).toInteger() < connections.size()) {
          connections.forEach((connection, member) -> rejoins.add(rejoin(channel, connection, member)));
        }
      }
      return Future.all(rejoins).mapEmpty();
    });
  }

  /**
   * Joins again a connection whose entry Redis lost; no member cap: the member was admitted before. A connection
   * that left while the join was on its way is taken out again, so no ghost stays until its entry expires.
   */
  private Future<JoinResult> rejoin(String channel, String connection, PresenceMember member) {
    if (!isLocal(channel, connection)) {
      return Future.succeededFuture(JoinResult.ANOTHER_CONNECTION);
    }
    long expiry = System.currentTimeMillis() + ttlMs;
    return redis.eval(JOIN, keys(channel), List.of(entry(connection), member.id(), member.info().encode(),
        Long.toString(expiry), "0", Long.toString(ttlMs * 4)))
      .compose(reply -> isLocal(channel, connection) ? Future.succeededFuture()
        : redis.eval(LEAVE, keys(channel), List.of(entry(connection), "0", member.id())))
      .map(reply -> JoinResult.ANOTHER_CONNECTION);
  }

  private boolean isLocal(String channel, String connection) {
    Map<String, PresenceMember> mine = local.get(channel);
    return mine != null && mine.containsKey(connection);
  }

  @Override
  public Future<List<Departure>> expire() {
    long now = System.currentTimeMillis();
    return redis.send(Request.cmd(Command.SET).arg(redis.key("presence:sweep")).arg(node).arg("NX").arg("PX")
        .arg(Math.max(500, ttlMs / 10)))
      .compose(won -> won == null ? Future.succeededFuture(List.<Departure>of()) : sweep(now));
  }

  private Future<List<Departure>> sweep(long now) {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(channels()))
      .compose(members -> {
        List<Future<List<Departure>>> swept = new ArrayList<>();
        for (Response channel : members) {
          swept.add(sweepChannel(channel.toString(), now));
        }
        return Future.all(swept).map(all -> {
          List<Departure> departures = new ArrayList<>();
          swept.forEach(f -> departures.addAll(f.result()));
          return departures;
        });
      });
  }

  private Future<List<Departure>> sweepChannel(String channel, long now) {
    return redis.eval(LEAVE, keys(channel), List.of("", Long.toString(now), ""))
      .compose(reply -> {
        List<Departure> departures = new ArrayList<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
          departures.add(new Departure(channel, member(reply.get(i).toString(), reply.get(i + 1).toString())));
        }
        return redis.send(Request.cmd(Command.EXISTS).arg(redis.channelKey(channel, "pu")))
          .compose(exists -> exists.toInteger() == 0
            ? redis.send(Request.cmd(Command.SREM).arg(channels()).arg(channel)).map(departures)
            : Future.succeededFuture(departures));
      });
  }
}
