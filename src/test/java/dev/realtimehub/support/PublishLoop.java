package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes numbered messages to one channel through a node's API, one request at a time at a steady pace,
 * and records every message the node accepted (its epoch and offset) and every status it answered.
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
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final List<Integer> statuses = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger(1);
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;
  private volatile boolean started;

  public PublishLoop(Vertx vertx, HubProcess node, String channel, long pauseMs) {
    this.vertx = vertx;
    this.node = node;
    this.channel = channel;
    this.pauseMs = pauseMs;
  }

  public void start() {
    started = true;
    running = true;
    publishNext();
  }

  private void publishNext() {
    if (!running) {
      stopped.tryComplete();
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

  /** Stops after the request in flight; completes once it has answered. */
  public Future<Void> stop() {
    running = false;
    if (!started) {
      stopped.tryComplete();
    }
    return stopped.future();
  }

  public List<Accepted> accepted() {
    return List.copyOf(accepted);
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
