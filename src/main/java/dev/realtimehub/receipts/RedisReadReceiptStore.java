package dev.realtimehub.receipts;

import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read receipts in Redis: one hash per channel, moved forward atomically by a script. */
public final class RedisReadReceiptStore implements ReadReceiptStore {

  static final LuaScript MARK = LuaScript.load("read_mark");
  /** Receipts of a channel nobody marked for this long are forgotten. */
  static final long KEY_TTL_SECONDS = 30L * 24 * 3600;

  private final RedisStore redis;

  public RedisReadReceiptStore(RedisStore redis) {
    this.redis = redis;
  }

  @Override
  public Future<Boolean> mark(String channel, String userId, long offset) {
    return redis.eval(MARK, List.of(redis.channelKey(channel, "r")),
        List.of(userId, Long.toString(offset), Long.toString(KEY_TTL_SECONDS)))
      .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Map<String, Long>> reads(String channel) {
    return redis.send(Request.cmd(Command.HGETALL).arg(redis.channelKey(channel, "r")))
      .map(reply -> {
        Map<String, Long> reads = new TreeMap<>();
        for (String user : reply.getKeys()) {
          Response value = reply.get(user);
          reads.put(user, value.toLong());
        }
        return reads;
      });
  }
}
