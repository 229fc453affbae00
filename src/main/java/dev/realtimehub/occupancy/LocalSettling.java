package dev.realtimehub.occupancy;

import io.vertx.core.Future;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Held departures of the single-node hub, in memory. */
public final class LocalSettling implements Settling {

  private final Map<String, String> held = new ConcurrentHashMap<>();

  @Override
  public Future<String> begin(String key, long delayMs) {
    String token = UUID.randomUUID().toString();
    held.put(key, token);
    return Future.succeededFuture(token);
  }

  @Override
  public Future<Boolean> arrive(String key) {
    return Future.succeededFuture(held.remove(key) != null);
  }

  @Override
  public Future<Boolean> finish(String key, String token) {
    return Future.succeededFuture(held.remove(key, token));
  }
}
