package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.PublicationCodec;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * History in Redis, shared by every node: per channel a hash with the last offset and the epoch, and a
 * stream with the retained messages (trimmed to the size, expiring with the TTL). Offsets are assigned by
 * the same script that appends and publishes, so every node reads the same positions.
 */
public final class RedisHistoryStore implements HistoryStore {

  static final LuaScript PUBLISH = LuaScript.load("publish");

  private final RedisStore redis;

  public RedisHistoryStore(RedisStore redis) {
    this.redis = redis;
  }

  /**
   * Appends a message and, when {@code topic} is not empty, publishes it on that pub/sub topic in the same
   * atomic step.
   */
  public Future<Message> append(Publication publication, HistoryPolicy policy, String topic) {
    String channel = publication.channel().value();
    List<String> keys = List.of(redis.channelKey(channel, "m"), redis.channelKey(channel, "h"));
    List<String> args = List.of(topic, PublicationCodec.encode(publication).encode(),
      Integer.toString(policy.size()), Integer.toString(policy.ttlSeconds()), newEpoch());
    return redis.eval(PUBLISH, keys, args)
      .map(reply -> new Message(publication, new StreamPosition(reply.get(0).toLong(), reply.get(1).toString())));
  }

  static String newEpoch() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Future<Message> append(Publication publication, HistoryPolicy policy) {
    return append(publication, policy, "");
  }

  @Override
  public Future<HistoryRead> after(String channel, long offset, String epoch, int limit, HistoryPolicy policy) {
    return redis.batch(List.of(meta(channel), Request.cmd(Command.XRANGE).arg(redis.channelKey(channel, "h"))
        .arg("-").arg("+")))
      .map(replies -> {
        StreamPosition top = position(replies.get(0));
        return HistoryWindow.read(top, retained(replies.get(1), policy, false, top.epoch()), offset, epoch, limit);
      });
  }

  @Override
  public Future<List<Message>> latest(String channel, int limit, HistoryPolicy policy) {
    return redis.batch(List.of(meta(channel), Request.cmd(Command.XREVRANGE).arg(redis.channelKey(channel, "h"))
        .arg("+").arg("-").arg("COUNT").arg(limit)))
      .map(replies -> retained(replies.get(1), policy, true, position(replies.get(0)).epoch()));
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    return redis.send(meta(channel)).map(RedisHistoryStore::position);
  }

  private Request meta(String channel) {
    return Request.cmd(Command.HMGET).arg(redis.channelKey(channel, "m")).arg("offset").arg("epoch");
  }

  private static StreamPosition position(Response reply) {
    Response offset = reply.get(0);
    Response epoch = reply.get(1);
    return offset == null ? new StreamPosition(0, "")
      : new StreamPosition(offset.toLong(), epoch == null ? "" : epoch.toString());
  }

  /** Stream entries as messages, oldest first, without those older than the TTL. */
  private static List<Message> retained(Response entries, HistoryPolicy policy, boolean newestFirst, String epoch) {
    long oldest = System.currentTimeMillis() - policy.ttlSeconds() * 1000L;
    List<Message> messages = new ArrayList<>();
    if (entries == null) {
      return messages;
    }
    for (Response entry : entries) {
      Response fields = entry.get(1);
      long offset = -1;
      String payload = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String name = fields.get(i).toString();
        if ("o".equals(name)) {
          offset = fields.get(i + 1).toLong();
        } else if ("p".equals(name)) {
          payload = fields.get(i + 1).toString();
        }
      }
      if (payload == null) {
        continue;
      }
      Publication publication = PublicationCodec.decode(new JsonObject(payload));
      if (publication.ts() >= oldest) {
        messages.add(new Message(publication, new StreamPosition(offset, epoch)));
      }
    }
    if (newestFirst) {
      Collections.reverse(messages);
    }
    return messages;
  }
}
