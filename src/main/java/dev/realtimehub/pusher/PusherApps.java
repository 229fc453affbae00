package dev.realtimehub.pusher;

import dev.realtimehub.config.PusherSettings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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

  public Collection<PusherApp> all() {
    return byId.values();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }
}
