package dev.realtimehub.redis;

import dev.realtimehub.config.HubConfig;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The hub's access to Redis: one pooled client for commands and scripts, key naming, and a timeout on
 * every call. Failures surface as {@code UNAVAILABLE} hub errors, so publishers get 503 instead of a hang.
 * Channel keys carry the channel in a hash tag ({@code hub:{team.7}:m}) so that a script's keys share a
 * slot on Redis Cluster. Thread-safe.
 */
public final class RedisStore {

  private final Vertx vertx;
  private final Redis client;
  private final HubConfig.Redis config;

  private RedisStore(Vertx vertx, Redis client, HubConfig.Redis config) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
  }

  public static RedisStore create(Vertx vertx, HubConfig.Redis config) {
    return new RedisStore(vertx, Redis.createClient(vertx, options(config)), config);
  }

  /** Client options from the configuration: the URL first, then any extra endpoints. */
  public static RedisOptions options(HubConfig.Redis config) {
    RedisOptions options = new RedisOptions()
      .setType(RedisClientType.valueOf(config.type().toUpperCase(Locale.ROOT)))
      .setConnectionString(config.url())
      .setMaxPoolSize(config.poolSize())
      .setMaxPoolWaiting(16_384)
      .setMaxWaitingHandlers(65_536);
    config.endpoints().forEach(options::addConnectionString);
    if ("sentinel".equals(config.type())) {
      options.setMasterName(config.masterName());
    }
    return options;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HubConfig.Redis config() {
    return config;
  }

  /** A key of the hub's own namespace: {@code prefix + name}. */
  public String key(String name) {
    return config.prefix() + name;
  }

  /** A key of one channel, hash-tagged on the channel: {@code prefix{channel}:suffix}. */
  public String channelKey(String channel, String suffix) {
    return config.prefix() + "{" + channel + "}:" + suffix;
  }

  public Future<Response> send(Request request) {
    return client.send(request)
      .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
      .recover(RedisStore::unavailable);
  }

  public Future<List<Response>> batch(List<Request> requests) {
    return client.batch(requests)
      .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
      .recover(RedisStore::unavailable);
  }

  /** Runs a script by SHA-1, sending its source once when Redis does not know it yet. */
  public Future<Response> eval(LuaScript script, List<String> keys, List<String> args) {
    return send(scriptRequest(Command.EVALSHA, script.sha1(), keys, args))
      .recover(failure -> String.valueOf(failure.getMessage()).contains("NOSCRIPT")
        ? send(scriptRequest(Command.EVAL, script.source(), keys, args))
        : Future.failedFuture(failure));
  }

  private static Request scriptRequest(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  public Future<Void> ping() {
    return send(Request.cmd(Command.PING)).mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    if (failure instanceof HubException) {
      return Future.failedFuture(failure);
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    if (message.contains("NOSCRIPT")) {
      return Future.failedFuture(failure);
    }
    return Future.failedFuture(HubException.of(HubErrorCode.UNAVAILABLE, "redis unavailable: "
      + (message.length() > 120 ? message.substring(0, 120) : message)));
  }
}
