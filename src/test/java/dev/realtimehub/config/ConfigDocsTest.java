package dev.realtimehub.config;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the configuration documentation in step with the defaults: {@code conf/hub.yaml} lists every key of
 * {@code hub-defaults.yaml} commented out ({@code # key: default}) with an explanation above it, and the README
 * names the environment variable of every key and no variable that does not exist.
 */
class ConfigDocsTest {

  /** A commented-out key line: "# " then the key's indentation, the key, a colon and maybe a value. */
  private static final Pattern KEY_LINE = Pattern.compile("^# ( *)([a-z][a-z0-9_]*):( .*)?$");
  private static final Pattern ENV_NAME = Pattern.compile("HUB_[A-Z0-9_]+");
  private static final Path HUB_YAML = Path.of("conf/hub.yaml");
  private static final Path README = Path.of("README.md");

  @Test
  void hubYamlListsEveryDefaultKeyWithItsDefaultValue() throws IOException {
    StringBuilder uncommented = new StringBuilder();
    for (String line : Files.readAllLines(HUB_YAML)) {
      if (KEY_LINE.matcher(line).matches()) {
        uncommented.append(line.substring(2)).append('\n');
      }
    }
    Map<String, Object> documented = flatten(parse(uncommented.toString()));
    Map<String, Object> defaults = flatten(defaults());
    Set<String> problems = new TreeSet<>();
    defaults.forEach((path, value) -> {
      if (!documented.containsKey(path)) {
        problems.add(path + ": not documented");
      } else if (!Objects.equals(value, documented.get(path))) {
        problems.add(path + ": documented as " + documented.get(path) + ", default is " + value);
      }
    });
    documented.keySet().stream()
      .filter(path -> !defaults.containsKey(path))
      .forEach(path -> problems.add(path + ": no such key in hub-defaults.yaml"));
    assertEquals(Set.of(), problems, "conf/hub.yaml against hub-defaults.yaml");
  }

  @Test
  void everyDocumentedKeyHasAnExplanationAbove() throws IOException {
    List<String> lines = Files.readAllLines(HUB_YAML);
    List<String> unexplained = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY_LINE.matcher(lines.get(i));
      if (key.matches() && (i == 0 || !explains(lines.get(i - 1), key.group(1)))) {
        unexplained.add(key.group(2) + " (line " + (i + 1) + ")");
      }
    }
    assertEquals(List.of(), unexplained, "keys without an explanation line right above them");
  }

  @Test
  void hubYamlSetsNothingUntilUncommented() throws IOException {
    assertNull(parse(Files.readString(HUB_YAML)), "conf/hub.yaml must be valid YAML with every key commented out");
  }

  @Test
  void readmeNamesTheEnvironmentVariableOfEveryKey() throws IOException {
    String readme = Files.readString(README);
    Set<String> missing = new TreeSet<>();
    for (String path : flatten(defaults()).keySet()) {
      if (!readme.contains("`" + EnvOverrides.envName(path) + "`")) {
        missing.add(EnvOverrides.envName(path));
      }
    }
    assertEquals(Set.of(), missing, "README.md must name these variables (in backticks)");
  }

  @Test
  void readmeNamesNoVariableTheHubDoesNotRead() throws IOException {
    Set<String> known = new TreeSet<>(EnvOverrides.RESERVED);
    flatten(defaults()).keySet().forEach(path -> known.add(EnvOverrides.envName(path)));
    Set<String> unknown = new TreeSet<>();
    Matcher names = ENV_NAME.matcher(Files.readString(README));
    while (names.find()) {
      if (!known.contains(names.group())) {
        unknown.add(names.group());
      }
    }
    assertEquals(Set.of(), unknown, "README.md names variables that match no configuration key");
  }

  /** A prose comment at the key's own depth: "# text" for top-level keys, "#   # text" for nested ones. */
  private static boolean explains(String line, String indent) {
    String prefix = indent.isEmpty() ? "# " : "# " + indent + "# ";
    return line.startsWith(prefix) && line.length() > prefix.length() && line.charAt(prefix.length()) != ' '
      && !KEY_LINE.matcher(line).matches();
  }

  private static Map<String, Object> defaults() throws IOException {
    try (InputStream in = ConfigDocsTest.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS)) {
      assertNotNull(in, "hub-defaults.yaml on the classpath");
      Map<String, Object> tree = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(tree != null && !tree.isEmpty(), "hub-defaults.yaml has keys");
      return tree;
    }
  }

  private static Map<String, Object> parse(String yaml) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
  }

  /** Leaf key paths ("http.port") with their values; lists are leaves, as in the loader. */
  private static Map<String, Object> flatten(Map<String, Object> tree) {
    Map<String, Object> leaves = new TreeMap<>();
    if (tree != null) {
      collect("", tree, leaves);
    }
    return leaves;
  }

  @SuppressWarnings("unchecked")
  private static void collect(String prefix, Map<String, Object> tree, Map<String, Object> leaves) {
    tree.forEach((key, value) -> {
      if (value instanceof Map<?, ?> child) {
        collect(prefix + key + ".", (Map<String, Object>) child, leaves);
      } else {
        leaves.put(prefix + key, value);
      }
    });
  }
}
