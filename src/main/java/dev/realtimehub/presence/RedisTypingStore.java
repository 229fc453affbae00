package dev.realtimehub.presence;

import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Typing state in Redis, shared by every node, with per-user expiry in a sorted set per channel. The
 * expiry sweep runs on one node at a time (a short lock), so each expired indicator is announced once
 * even when the node that received the {@code start} died.
 */
public final class RedisTypingStore implements TypingStore {

  static final LuaScript TYPING = LuaScript.load("typing");

  private final RedisStore redis;
  private final long timeoutMs;
  private final String node;

  public RedisTypingStore(RedisStore redis, long timeoutMs, String node) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.node = node;
  }

  private List<String> keys(String channel) {
    return List.of(redis.channelKey(channel, "tz"), redis.channelKey(channel, "to"));
  }

  private String channels() {
    return redis.key("typing:channels");
  }

  @Override
  public Future<Boolean> start(String channel, String userId, String connection) {
    long expiry = System.currentTimeMillis() + timeoutMs;
    return redis.eval(TYPING, keys(channel), List.of("start", userId, node + "/" + connection, Long.toString(expiry),
        Long.toString(timeoutMs * 4)))
      .compose(reply -> redis.send(Request.cmd(Command.SADD).arg(channels()).arg(channel)).map(reply))
      .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Boolean> stop(String channel, String userId) {
    return redis.eval(TYPING, keys(channel), List.of("stop", userId)).map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Boolean> connectionLeft(String channel, String userId, String connection) {
    return redis.eval(TYPING, keys(channel), List.of("left", userId, node + "/" + connection))
      .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<List<TypingTracker.Typist>> expire() {
    return redis.send(Request.cmd(Command.SET).arg(redis.key("typing:sweep")).arg(node).arg("NX").arg("PX")
        .arg(200))
      .compose(won -> won == null ? Future.succeededFuture(List.<TypingTracker.Typist>of()) : sweep());
  }

  private Future<List<TypingTracker.Typist>> sweep() {
    String now = Long.toString(System.currentTimeMillis());
    return redis.send(Request.cmd(Command.SMEMBERS).arg(channels()))
      .compose(members -> {
        List<Future<List<TypingTracker.Typist>>> swept = new ArrayList<>();
        for (Response member : members) {
          String channel = member.toString();
          swept.add(redis.eval(TYPING, keys(channel), List.of("expire", now))
            .compose(users -> forget(channel).map(v -> typists(channel, users))));
        }
        return Future.all(swept).map(all -> {
          List<TypingTracker.Typist> typists = new ArrayList<>();
          swept.forEach(f -> typists.addAll(f.result()));
          return typists;
        });
      });
  }

  /** Drops a channel from the sweep list once nobody types there. */
  private Future<Void> forget(String channel) {
    return redis.send(Request.cmd(Command.EXISTS).arg(redis.channelKey(channel, "tz")))
      .compose(exists -> exists.toInteger() == 0
        ? redis.send(Request.cmd(Command.SREM).arg(channels()).arg(channel)).mapEmpty()
        : Future.succeededFuture());
  }

  /** Pairs of user and owner ({@code node/connection}); the connection is what the stop skips. */
  private static List<TypingTracker.Typist> typists(String channel, Response pairs) {
    List<TypingTracker.Typist> typists = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      String owner = pairs.get(i + 1).toString();
      String connection = owner.isEmpty() ? null : owner.substring(owner.indexOf('/') + 1);
      typists.add(new TypingTracker.Typist(channel, pairs.get(i).toString(), connection));
    }
    return typists;
  }
}
