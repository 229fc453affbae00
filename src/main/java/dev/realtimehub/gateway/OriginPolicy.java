package dev.realtimehub.gateway;

import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed to connect. An empty list allows every origin. Entries are exact
 * {@code scheme://host[:port]}; {@code scheme://*.example.com} matches subdomains on a label boundary;
 * {@code null} (the literal Origin of sandboxed pages) must be listed to be allowed. A request without an
 * Origin header does not come from a browser page and is allowed (it still needs a token where one is due).
 */
public final class OriginPolicy {

  private final List<String> allowed;

  public OriginPolicy(List<String> allowed) {
    this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean allowsAll() {
    return allowed.isEmpty();
  }

  public boolean allows(String origin) {
    if (origin == null || allowed.isEmpty()) {
      return true;
    }
    String candidate = origin.toLowerCase(Locale.ROOT);
    for (String entry : allowed) {
      if (entry.equals(candidate) || matchesWildcard(entry, candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesWildcard(String entry, String origin) {
    int star = entry.indexOf("://*.");
    if (star < 0) {
      return false;
    }
    String scheme = entry.substring(0, star + 3);
    String suffix = entry.substring(star + 4);
    return origin.startsWith(scheme) && origin.endsWith(suffix) && origin.length() > scheme.length() + suffix.length();
  }
}
