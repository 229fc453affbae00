package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes numbered messages to one channel through a node's API from a few concurrent request chains, each
 * pausing briefly between requests, and records every message the node accepted (its epoch and offset) and every
 * status it answered.
 */
public final class PublishLoop {

  /** A message the node accepted: {@code n} is its number in {@code data}. */
  public record Accepted(int n, String epoch, long offset) {

    /** {@code epoch:offset}, the position as a client sees it. */
    public String position() {
      return epoch + ":" + offset;
    }
  }

  private final Vertx vertx;
  private final HubProcess node;
  private final String channel;
  private final long pauseMs;
  private final int chains;
  private final AtomicInteger running = new AtomicInteger();
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final List<Integer> statuses = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger(1);
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean stopping;

  public PublishLoop(Vertx vertx, HubProcess node, String channel, long pauseMs, int chains) {
    this.vertx = vertx;
    this.node = node;
    this.channel = channel;
    this.pauseMs = pauseMs;
    this.chains = chains;
  }

  public void start() {
    running.set(chains);
    for (int i = 0; i < chains; i++) {
      publishNext();
    }
  }

  private void publishNext() {
    if (stopping) {
      if (running.decrementAndGet() == 0) {
        stopped.tryComplete();
      }
      return;
    }
    int n = next.getAndIncrement();
    node.publish(ClusterSupport.message(channel, "tick", n))
      .onSuccess(response -> record(n, response))
      .onFailure(e -> statuses.add(-1))
      .eventually(() -> vertx.timer(pauseMs, TimeUnit.MILLISECONDS))
      .onComplete(v -> publishNext());
  }

  private void record(int n, TestResponse response) {
    statuses.add(response.status());
    if (response.status() == 200) {
      JsonObject published = response.json().getJsonArray("published").getJsonObject(0);
      accepted.add(new Accepted(n, published.getString("epoch"), published.getLong("offset")));
    }
  }

  /** Stops after the requests in flight; completes once they have answered. */
  public Future<Void> stop() {
    stopping = true;
    if (running.get() == 0) {
      stopped.tryComplete();
    }
    return stopped.future();
  }

  /** The accepted messages in stream order: by epoch, in the order epochs were first seen, then by offset. */
  public List<Accepted> accepted() {
    List<String> epochs = accepted.stream().map(Accepted::epoch).distinct().toList();
    return accepted.stream()
      .sorted(Comparator.comparingInt((Accepted a) -> epochs.indexOf(a.epoch())).thenComparingLong(Accepted::offset))
      .toList();
  }

  /** How many requests were answered with {@code status} ({@code -1}: no answer at all). */
  public long count(int status) {
    return statuses.stream().filter(s -> s == status).count();
  }

  /** Accepted messages of an epoch other than {@code epoch}. */
  public long acceptedOutside(String epoch) {
    return accepted.stream().filter(a -> !a.epoch().equals(epoch)).count();
  }
}
