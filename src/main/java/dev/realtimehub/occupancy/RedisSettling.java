package dev.realtimehub.occupancy;

import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.List;
import java.util.UUID;

/**
 * Held departures in Redis: a key per departure holding its token, expiring on its own if the beginning node dies
 * before finishing it (that departure is then never announced).
 */
public final class RedisSettling implements Settling {

  static final LuaScript FINISH = LuaScript.load("settling_finish");

  private final RedisStore redis;

  public RedisSettling(RedisStore redis) {
    this.redis = redis;
  }

  private String key(String name) {
    return redis.key("settling:" + name);
  }

  @Override
  public Future<String> begin(String key, long delayMs) {
    String token = UUID.randomUUID().toString();
    return redis.send(Request.cmd(Command.SET).arg(key(key)).arg(token).arg("PX").arg(delayMs * 4 + 1000))
      .map(token);
  }

  @Override
  public Future<Boolean> arrive(String key) {
    return redis.send(Request.cmd(Command.DEL).arg(key(key))).map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Boolean> finish(String key, String token) {
    return redis.eval(FINISH, List.of(key(key)), List.of(token))
      .map(reply -> reply.toInteger() == 1);
  }
}
