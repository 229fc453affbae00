package dev.realtimehub.broker;

import dev.realtimehub.history.HistoryPolicy;
import dev.realtimehub.history.RedisHistoryStore;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster broker on Redis pub/sub. A message is numbered, kept in history and published by one script,
 * so every node sees a channel's messages in offset order; each node holds one subscription per channel
 * with local subscribers, on a dedicated connection. Arriving messages pass an order check: duplicates are
 * dropped and a jump in offsets (a lost pub/sub message, a reconnect) is filled from history, or, when
 * history no longer covers it, reported to the listener as a gap. After a lost connection the node
 * reconnects with backoff, subscribes again and checks every channel for what it missed.
 */
public final class RedisBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final HistoryPolicy EVERYTHING = new HistoryPolicy(Integer.MAX_VALUE, Integer.MAX_VALUE / 1000);
  private static final long MAX_BACKOFF_MS = 5000;

  private final RedisStore redis;
  private final RedisHistoryStore history;
  private final HubMetrics metrics;
  private final Context context;
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final Map<String, ChannelSequence> sequences = new HashMap<>();
  private volatile BrokerListener listener = message -> { };
  private RedisConnection subscriber;
  private long backoffMs = 100;
  private boolean closed;
  private boolean everConnected;

  public RedisBroker(RedisStore redis, RedisHistoryStore history, HubMetrics metrics, Context context) {
    this.redis = redis;
    this.history = history;
    this.metrics = metrics;
    this.context = context;
  }

  /** Opens the subscriber connection; completes once it is ready. */
  public Future<Void> start() {
    Promise<Void> ready = Promise.promise();
    context.runOnContext(v -> connect().onComplete(ready));
    return ready.future();
  }

  @Override
  public void listener(BrokerListener listener) {
    this.listener = listener;
  }

  private String topic(String channel) {
    return redis.key("c:" + channel);
  }

  @Override
  public Future<Message> publish(Publication publication, HistoryPolicy policy) {
    String topic = topic(publication.channel().value());
    if (publication.isMessage()) {
      return history.append(publication, policy, topic);
    }
    Message signal = new Message(publication, StreamPosition.NONE);
    return redis.send(Request.cmd(Command.PUBLISH).arg(topic).arg(PublicationCodec.encodeMessage(signal)))
      .map(reply -> signal);
  }

  @Override
  public Future<Void> subscribe(String channel) {
    channels.add(channel);
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> sendSubscribe(channel).onComplete(done));
    return done.future();
  }

  private Future<Void> sendSubscribe(String channel) {
    if (subscriber == null) {
      return Future.succeededFuture();
    }
    return subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(topic(channel)))
      .timeout(redis.config().timeoutMs(), TimeUnit.MILLISECONDS)
      .compose(ok -> history.position(channel))
      .onSuccess(position -> sequences.computeIfAbsent(channel, c -> new ChannelSequence()).baseline(position))
      .onFailure(e -> log.warn("redis subscribe failed channel={}: {}", channel, e.toString()))
      .mapEmpty();
  }

  @Override
  public Future<Void> unsubscribe(String channel) {
    channels.remove(channel);
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      sequences.remove(channel);
      if (subscriber == null) {
        done.complete();
        return;
      }
      subscriber.send(Request.cmd(Command.UNSUBSCRIBE).arg(topic(channel)))
        .timeout(redis.config().timeoutMs(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .onComplete(done);
    });
    return done.future();
  }

  /** Channels this node subscribed to (for tests and diagnostics). */
  public Set<String> channels() {
    return Set.copyOf(channels);
  }

  private Future<Void> connect() {
    return Redis.createClient(redis.vertx(), RedisStore.options(redis.config())).connect()
      .timeout(redis.config().timeoutMs(), TimeUnit.MILLISECONDS)
      .compose(connection -> {
        subscriber = connection;
        connection.handler(this::onPush);
        connection.exceptionHandler(e -> lost(connection, e.toString()));
        connection.endHandler(v -> lost(connection, "connection ended"));
        backoffMs = 100;
        boolean reconnect = everConnected;
        everConnected = true;
        return resubscribe(reconnect);
      });
  }

  private Future<Void> resubscribe(boolean reconnect) {
    List<Future<Void>> all = channels.stream().map(this::resubscribeOne).toList();
    if (reconnect) {
      log.info("redis subscriber reconnected; resubscribed {} channels", channels.size());
    }
    return Future.join(all).mapEmpty();
  }

  private Future<Void> resubscribeOne(String channel) {
    ChannelSequence sequence = sequences.computeIfAbsent(channel, c -> new ChannelSequence());
    if (sequence.known()) {
      // Live messages wait for the position check: one arriving first would otherwise pass as the next in order
      // (or start a new epoch) and hide what was published while the node was away.
      sequence.hold();
    }
    return subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(topic(channel)))
      .timeout(redis.config().timeoutMs(), TimeUnit.MILLISECONDS)
      .compose(ok -> history.position(channel))
      .onSuccess(position -> checkAfterReconnect(channel, sequence, position))
      .onFailure(e -> {
        if (sequence.known()) {
          gap(channel, sequence);
        }
      })
      .mapEmpty();
  }

  private void checkAfterReconnect(String channel, ChannelSequence sequence, StreamPosition position) {
    if (!sequence.known()) {
      sequence.baseline(position);
      return;
    }
    if (!position.epoch().equals(sequence.epoch())) {
      gap(channel, sequence);
      sequence.baseline(position);
    } else if (position.offset() > sequence.last()) {
      fill(channel, sequence);
    } else {
      sequence.fill(List.of()).forEach(listener::onMessage);
    }
  }

  private void lost(RedisConnection connection, String why) {
    if (connection != subscriber || closed) {
      return;
    }
    subscriber = null;
    metrics.brokerReconnect();
    log.warn("redis subscriber connection lost ({}); reconnecting in {} ms", why, backoffMs);
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    redis.vertx().setTimer(delay, id -> context.runOnContext(v -> {
      if (closed || subscriber != null) {
        return;
      }
      connect().onFailure(e -> {
        log.warn("redis reconnect failed: {}", e.toString());
        scheduleReconnect();
      });
    }));
  }

  private void onPush(Response push) {
    if (push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    Message message;
    try {
      message = PublicationCodec.decodeMessage(push.get(2).toString());
    } catch (RuntimeException e) {
      log.warn("undecodable message on topic {}: {}", push.get(1), e.toString());
      return;
    }
    if (!message.publication().isMessage()) {
      listener.onMessage(message);
      return;
    }
    String channel = message.channel();
    ChannelSequence sequence = sequences.computeIfAbsent(channel, c -> new ChannelSequence());
    switch (sequence.offer(message)) {
      case DELIVER -> listener.onMessage(message);
      case GAP -> fill(channel, sequence);
      case DUPLICATE, HELD -> { }
    }
  }

  /** Fetches what the node missed of a channel and delivers it in order, or reports a gap. */
  private void fill(String channel, ChannelSequence sequence) {
    metrics.brokerGap("detected");
    history.after(channel, sequence.last(), sequence.epoch(), Integer.MAX_VALUE, EVERYTHING)
      .onComplete(read -> context.runOnContext(v -> {
        if (read.succeeded() && read.result().recovered()) {
          metrics.brokerGap("recovered");
          sequence.fill(read.result().messages()).forEach(listener::onMessage);
        } else {
          gap(channel, sequence);
        }
      }));
  }

  private void gap(String channel, ChannelSequence sequence) {
    metrics.brokerGap("lost");
    log.warn("messages of channel {} were lost between redis and this node; telling its subscribers", channel);
    listener.onGap(channel);
    sequence.abandon().forEach(listener::onMessage);
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      RedisConnection connection = subscriber;
      subscriber = null;
      (connection == null ? Future.<Void>succeededFuture() : connection.close()).onComplete(done);
    });
    return done.future();
  }
}
