package dev.realtimehub.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * "User U may have lost access": every node re-checks U's live subscriptions and ends those that no rule admits
 * any more. The check uses the token's claims minus {@code withdrawn} (claim name → values: {@code roles},
 * {@code permissions}, {@code teams}, …), because a token keeps carrying what HBH-2 has since taken away.
 *
 * @param userId    whose subscriptions
 * @param channels  the channels to re-check; empty re-checks every channel the user is subscribed to
 * @param withdrawn claim values that no longer count for this user's current tokens
 * @param reason    why, told to the client in its {@code unsubscribed} frame
 */
public record Revocation(String userId, Set<String> channels, Map<String, Set<String>> withdrawn, String reason) {

  public Revocation {
    Objects.requireNonNull(userId);
    Objects.requireNonNull(reason);
    channels = Set.copyOf(channels);
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    withdrawn.forEach((claim, values) -> {
      if (!values.isEmpty()) {
        copy.put(claim, Set.copyOf(values));
      }
    });
    withdrawn = Map.copyOf(copy);
  }

  /** Whether {@code channel} is one this revocation re-checks. */
  public boolean covers(String channel) {
    return channels.isEmpty() || channels.contains(channel);
  }

  public JsonObject toJson() {
    JsonObject claims = new JsonObject();
    withdrawn.forEach((claim, values) -> claims.put(claim, new JsonArray(values.stream().sorted().toList())));
    return new JsonObject()
      .put("userId", userId)
      .put("channels", new JsonArray(channels.stream().sorted().toList()))
      .put("withdrawn", claims)
      .put("reason", reason);
  }

  public static Revocation fromJson(JsonObject json) {
    Map<String, Set<String>> withdrawn = new LinkedHashMap<>();
    JsonObject claims = json.getJsonObject("withdrawn", new JsonObject());
    claims.fieldNames().forEach(claim -> withdrawn.put(claim, strings(claims.getJsonArray(claim))));
    return new Revocation(json.getString("userId"), strings(json.getJsonArray("channels")), withdrawn,
      json.getString("reason"));
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> result = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(value -> result.add(String.valueOf(value)));
    }
    return result;
  }
}
