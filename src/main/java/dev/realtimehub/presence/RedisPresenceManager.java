package dev.realtimehub.presence;

import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence in Redis, shared by every node. Each connection is an entry with an expiry that its node
 * refreshes by heartbeat; when a node dies its entries stop being refreshed, and the periodic sweep (run
 * by one node at a time) removes them and reports the users that left. One entry per user is kept for
 * the roster, with a connection count, so joins and leaves are announced once per user across nodes.
 */
public final class RedisPresenceManager implements PresenceManager {

  static final LuaScript JOIN = LuaScript.load("presence_join");
  static final LuaScript LEAVE = LuaScript.load("presence_leave");

  private final RedisStore redis;
  private final long ttlMs;
  private final String node;
  /** This node's connections in presence, by channel: what the heartbeat refreshes. */
  private final Map<String, Set<String>> local = new ConcurrentHashMap<>();

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
          local.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(connection);
        }
        return result;
      });
  }

  @Override
  public Future<PresenceMember> leave(String channel, String connection, String userId) {
    Set<String> mine = local.get(channel);
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
    return redis.batch(List.of(Request.cmd(Command.HLEN).arg(redis.channelKey(channel, "pu")),
        Request.cmd(Command.HGETALL).arg(redis.channelKey(channel, "pm"))))
      .map(replies -> {
        List<PresenceMember> members = new ArrayList<>();
        Response all = replies.get(1);
        for (String user : all.getKeys()) {
          if (members.size() >= limit) {
            break;
          }
          Response info = all.get(user);
          members.add(member(user, info == null ? null : info.toString()));
        }
        return new Roster(members, replies.get(0).toInteger());
      });
  }

  /** Refreshes this node's entries; call every third of the TTL. */
  public Future<Void> heartbeat() {
    long expiry = System.currentTimeMillis() + ttlMs;
    List<Request> requests = new ArrayList<>();
    local.forEach((channel, connections) -> {
      if (connections.isEmpty()) {
        return;
      }
      Request zadd = Request.cmd(Command.ZADD).arg(redis.channelKey(channel, "pc")).arg("XX");
      connections.forEach(connection -> zadd.arg(expiry).arg(entry(connection)));
      requests.add(zadd);
      for (String key : keys(channel)) {
        requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(ttlMs * 4));
      }
      requests.add(Request.cmd(Command.SADD).arg(channels()).arg(channel));
    });
    return requests.isEmpty() ? Future.succeededFuture() : redis.batch(requests).mapEmpty();
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
