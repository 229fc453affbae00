package dev.realtimehub.presence;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A user present in a channel: the verified subject and the user info taken from verified token claims
 * (never from the client). {@code info} always carries {@code id}.
 */
public record PresenceMember(String id, JsonObject info) {

  public PresenceMember {
    Objects.requireNonNull(id);
    Objects.requireNonNull(info);
  }
}
