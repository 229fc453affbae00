package dev.realtimehub.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is on the other end of a connection, taken only from a verified token.
 *
 * @param subject   the token's {@code sub}; {@code null} for anonymous connections
 * @param roles     the {@code roles} claim
 * @param permissions the {@code permissions} claim
 * @param claims    every verified claim
 * @param expiresAt the token's {@code exp} in epoch seconds; {@code Long.MAX_VALUE} for anonymous
 */
public record HubPrincipal(String subject, Set<String> roles, Set<String> permissions, JsonObject claims,
                           long expiresAt) {

  private static final HubPrincipal ANONYMOUS =
    new HubPrincipal(null, Set.of(), Set.of(), new JsonObject(), Long.MAX_VALUE);

  public HubPrincipal {
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
  }

  public static HubPrincipal anonymous() {
    return ANONYMOUS;
  }

  /** Builds a principal from verified claims; {@code sub} must be present. */
  public static HubPrincipal fromClaims(JsonObject claims) {
    return new HubPrincipal(claims.getValue("sub").toString(), listClaim(claims, "roles"),
      listClaim(claims, "permissions"), claims, ((Number) claims.getValue("exp")).longValue());
  }

  public boolean authenticated() {
    return subject != null;
  }

  /**
   * This principal with some claim values taken away ({@code roles}, {@code permissions} or any list claim such
   * as {@code teams}), for re-checking access after HBH-2 withdrew them while the token still lists them.
   */
  public HubPrincipal without(Map<String, Set<String>> withdrawn) {
    if (withdrawn.isEmpty()) {
      return this;
    }
    JsonObject reduced = claims.copy();
    withdrawn.forEach((claim, values) -> {
      if (claims.containsKey(claim)) {
        Set<String> kept = new LinkedHashSet<>(listClaim(claims, claim));
        kept.removeAll(values);
        reduced.put(claim, new JsonArray(List.copyOf(kept)));
      }
    });
    Set<String> keptRoles = new LinkedHashSet<>(roles);
    keptRoles.removeAll(withdrawn.getOrDefault("roles", Set.of()));
    Set<String> keptPermissions = new LinkedHashSet<>(permissions);
    keptPermissions.removeAll(withdrawn.getOrDefault("permissions", Set.of()));
    return new HubPrincipal(subject, keptRoles, keptPermissions, reduced, expiresAt);
  }

  /** The string values of a list claim; numbers are written as in JSON, so {@code [7]} gives {@code "7"}. */
  public Set<String> claimValues(String claim) {
    return listClaim(claims, claim);
  }

  static Set<String> listClaim(JsonObject claims, String claim) {
    Object value = claims.getValue(claim);
    Set<String> result = new LinkedHashSet<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof String || item instanceof Integer || item instanceof Long) {
          result.add(item.toString());
        }
      }
    } else if (value instanceof String text) {
      for (String part : text.split(" ")) {
        if (!part.isEmpty()) {
          result.add(part);
        }
      }
    }
    return result;
  }
}
