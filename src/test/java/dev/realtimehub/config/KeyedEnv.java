package dev.realtimehub.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A valid keyed environment for config tests, blind to any conf/ files of the working directory. */
final class KeyedEnv {

  private KeyedEnv() {
  }

  /** JWT secret and API key set, HUB_CONFIG and HUB_APPS_FILE pointing at absent files in {@code dir}. */
  static Map<String, String> of(Path dir, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_CONFIG", dir.resolve("absent.yaml").toString());
    env.put("HUB_APPS_FILE", dir.resolve("absent-apps.yaml").toString());
    env.put("HUB_JWT_SECRET", ConfigLoaderTest.SECRET);
    env.put("HUB_API_KEY", ConfigLoaderTest.API_KEY);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
