package dev.realtimehub.occupancy;

import dev.realtimehub.core.ChannelDirectory;
import dev.realtimehub.redis.LuaScript;
import dev.realtimehub.redis.RedisStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * Subscription counts shared by the nodes of a cluster. Each node writes its own counts (absolute values read
 * from its {@link ChannelDirectory}) into a hash of its own, and one script keeps the per-channel totals, so the
 * node whose write takes a total from zero or to zero is the one that announces the transition. Writes are
 * coalesced: changes pile up while one write is in flight, then go in the next. A channel whose total reaches zero
 * settles in a shared sorted set until its delay is over; the sweep that every node runs each second (one script,
 * so one node wins) announces it then, unless a later write occupied it again. The sweep also removes the counts
 * of nodes that stopped their heartbeat. Settling in Redis rather than on a node's timer means a vacate is
 * announced even when the node that saw it stops or dies during the delay.
 */
public final class RedisChannelCounts implements ChannelCounts {

  private static final Logger log = LoggerFactory.getLogger(RedisChannelCounts.class);
  static final LuaScript SYNC = LuaScript.load("occupancy_sync");
  static final LuaScript EXPIRE = LuaScript.load("occupancy_expire");
  private static final int MAX_PER_WRITE = 500;
  private static final long RETRY_MS = 1000;
  private static final int SCAN_COUNT = 1000;

  private final RedisStore redis;
  private final ChannelDirectory directory;
  private final Context context;
  private final String node;
  private final long ttlMs;
  private final long settleMs;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final Queue<Promise<Void>> drained = new ConcurrentLinkedQueue<>();
  private volatile boolean registered;
  private volatile Listener listener = LocalChannelCounts.IGNORE;

  public RedisChannelCounts(RedisStore redis, ChannelDirectory directory, Context context, String node, long ttlMs,
                            long settleMs) {
    this.redis = redis;
    this.directory = directory;
    this.context = context;
    this.node = node;
    this.ttlMs = ttlMs;
    this.settleMs = settleMs;
  }

  private String key(String name) {
    return redis.key("{occupancy}:" + name);
  }

  @Override
  public void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void changed(String channel) {
    dirty.add(channel);
    if (writing.compareAndSet(false, true)) {
      context.runOnContext(v -> write());
    }
  }

  private void write() {
    List<String> args = new ArrayList<>(List.of(node, Long.toString(System.currentTimeMillis()), Long.toString(ttlMs),
      Long.toString(settleMs)));
    List<String> batch = new ArrayList<>();
    for (Iterator<String> it = dirty.iterator(); it.hasNext() && batch.size() < MAX_PER_WRITE; ) {
      String channel = it.next();
      it.remove();
      batch.add(channel);
      args.add(channel);
      args.add(Integer.toString(directory.subscribers(channel)));
    }
    redis.eval(SYNC, List.of(key("totals"), key("node:" + node), key("nodes"), key("settling")), args)
      .onSuccess(reply -> {
        registered = true;
        announce(reply);
        writing.set(false);
        if (!dirty.isEmpty() && writing.compareAndSet(false, true)) {
          write();
        } else if (dirty.isEmpty()) {
          Promise<Void> waiting;
          while ((waiting = drained.poll()) != null) {
            waiting.tryComplete();
          }
        }
      })
      .onFailure(e -> {
        log.warn("writing subscription counts failed ({} channels), retrying in {} ms: {}", batch.size(), RETRY_MS,
          e.toString());
        dirty.addAll(batch);
        redis.vertx().setTimer(RETRY_MS, id -> context.runOnContext(v -> write()));
      });
  }

  /** Tells the listener what a script reported. */
  private void announce(Response reply) {
    reply.get(0).forEach(channel -> listener.occupied(channel.toString()));
    reply.get(1).forEach(channel -> listener.vacated(channel.toString()));
  }

  @Override
  public Future<Integer> subscriptions(String channel) {
    return redis.send(Request.cmd(Command.HGET).arg(key("totals")).arg(channel))
      .map(reply -> reply == null ? 0 : Math.max(0, reply.toInteger()));
  }

  @Override
  public Future<List<ChannelDirectory.Occupancy>> occupied(String prefix, int limit) {
    List<ChannelDirectory.Occupancy> found = new ArrayList<>();
    return scan("0", glob(prefix), found, limit).map(v -> {
      found.sort((a, b) -> a.channel().compareTo(b.channel()));
      return found.size() > limit ? found.subList(0, limit) : found;
    });
  }

  private Future<Void> scan(String cursor, String match, List<ChannelDirectory.Occupancy> found, int limit) {
    return redis.send(Request.cmd(Command.HSCAN).arg(key("totals")).arg(cursor).arg("MATCH").arg(match)
        .arg("COUNT").arg(SCAN_COUNT))
      .compose(reply -> {
        Response pairs = reply.get(1);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
          int count = pairs.get(i + 1).toInteger();
          if (count > 0) {
            found.add(new ChannelDirectory.Occupancy(pairs.get(i).toString(), count));
          }
        }
        String next = reply.get(0).toString();
        // A scan may return a key twice; stopping at twice the limit keeps memory bounded for huge clusters.
        return "0".equals(next) || found.size() >= 2L * limit ? Future.succeededFuture()
          : scan(next, match, found, limit);
      });
  }

  /** A glob matching names that start with {@code prefix}, its glob characters escaped. */
  static String glob(String prefix) {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
  }

  /** Refreshes this node's expiry; a node found expired (after a long pause) writes all its counts again. */
  @Override
  public Future<Void> heartbeat() {
    return redis.send(Request.cmd(Command.ZADD).arg(key("nodes")).arg(System.currentTimeMillis() + ttlMs).arg(node))
      .onSuccess(added -> {
        if (registered && added.toInteger() == 1) {
          log.warn("this node's subscription counts had expired from redis; writing them again");
          directory.occupied("", Integer.MAX_VALUE).forEach(occupancy -> changed(occupancy.channel()));
        }
        registered = true;
      })
      .mapEmpty();
  }

  @Override
  public Future<Void> expire() {
    return redis.eval(EXPIRE, List.of(key("totals"), key("nodes"), key("settling")),
        List.of(Long.toString(System.currentTimeMillis()), key("node:"), Long.toString(settleMs)))
      .onSuccess(this::announce)
      .mapEmpty();
  }

  /** Completes once the counts changed so far are written (a stopping node's last subscriptions included). */
  @Override
  public Future<Void> flush() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (!writing.get() && dirty.isEmpty()) {
        done.tryComplete();
      } else {
        drained.add(done);
      }
    });
    return done.future().timeout(redis.config().timeoutMs(), TimeUnit.MILLISECONDS);
  }
}
