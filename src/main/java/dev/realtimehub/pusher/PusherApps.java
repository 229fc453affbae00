package dev.realtimehub.pusher;

import dev.realtimehub.config.PusherSettings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The configured Pusher apps, found by key (WebSocket path) or by id (HTTP API path). Immutable. */
public final class PusherApps {

  /** One app with the signer of its secret. */
  public record PusherApp(PusherSettings.App settings, PusherSigner signer) {

    public String id() {
      return settings.id();
    }

    public String key() {
      return settings.key();
    }
  }

  private final Map<String, PusherApp> byKey = new LinkedHashMap<>();
  /** Open WebSocket connections per app id on this node, for {@code max_connections}. */
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final Map<String, PusherApp> byId = new LinkedHashMap<>();

  public PusherApps(PusherSettings settings) {
    for (PusherSettings.App app : settings.apps()) {
      PusherApp entry = new PusherApp(app, new PusherSigner(app.key(), app.secret()));
      byKey.put(app.key(), entry);
      byId.put(app.id(), entry);
    }
  }

  /** The app with this key, or {@code null}. */
  public PusherApp byKey(String key) {
    return key == null ? null : byKey.get(key);
  }

  /** The app with this id, or {@code null}. */
  public PusherApp byId(String id) {
    return id == null ? null : byId.get(id);
  }

  /**
   * Counts a new connection of the app unless it already has its {@code max_connections} on this node (0: no
   * cap); returns {@code false} when refused. Atomic: a burst of connections cannot overshoot.
   */
  public boolean tryConnect(PusherApp app) {
    AtomicInteger open = connections.computeIfAbsent(app.id(), id -> new AtomicInteger());
    int max = app.settings().maxConnections();
    int current;
    do {
      current = open.get();
      if (max > 0 && current >= max) {
        return false;
      }
    } while (!open.compareAndSet(current, current + 1));
    return true;
  }

  /** Counts a connection of the app less. */
  public void disconnected(PusherApp app) {
    connections.computeIfAbsent(app.id(), id -> new AtomicInteger()).decrementAndGet();
  }

  public Collection<PusherApp> all() {
    return byId.values();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }
}
