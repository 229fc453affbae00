package dev.realtimehub.pusher.compat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scenarios of {@code src/test/node/scenarios} against a hub: the published pusher-js and pusher
 * (server SDK) packages, installed with {@code npm ci} from the committed lock file on first use. Without Node 18+
 * (or when the install fails) the tests are skipped loudly, unless {@code HUB_IT_REQUIRE=1} (set by CI), which
 * turns the skip into a failure.
 */
final class NodeScenarios {

  static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).resolve("src/test/node");
  /** The Node executable: {@code node} from the PATH, unless environment variable {@code HUB_IT_NODE} names one. */
  private static final String NODE = System.getenv().getOrDefault("HUB_IT_NODE", "node");
  private static final long INSTALL_TIMEOUT_SECONDS = 300;
  /** Longest run of one scenario; each wait inside a scenario is bounded far below it. */
  private static final long RUN_TIMEOUT_SECONDS = 60;
  private static final int MIN_NODE_MAJOR = 18;

  private static String unavailable;
  private static boolean checked;

  private NodeScenarios() {
  }

  /** Skips (or, under CI, fails) the calling tests when Node or the packages are not available. */
  static synchronized void requireNode() {
    if (!checked) {
      checked = true;
      unavailable = checkNode();
      if (unavailable == null) {
        unavailable = install();
      }
    }
    if (unavailable != null && "1".equals(System.getenv("HUB_IT_REQUIRE"))) {
      throw new AssertionError("Node " + MIN_NODE_MAJOR + "+ and the compatibility test packages are required "
        + "(HUB_IT_REQUIRE=1): " + unavailable);
    }
    if (unavailable != null) {
      System.err.println("!!! SKIPPING Pusher compatibility test: " + unavailable + " !!!");
    }
    Assumptions.assumeTrue(unavailable == null, "Node " + MIN_NODE_MAJOR + "+ with pusher-js and pusher installed");
  }

  /**
   * Runs {@code scenarios/<name>.mjs} with the hub's settings in {@code HUB_COMPAT}, writes {@code stdin} to it,
   * and returns what it reported. A scenario that outlives its time is killed and fails the test.
   */
  static ScenarioReport run(String name, JsonObject hub, String stdin) {
    ProcessBuilder builder = new ProcessBuilder(NODE, "scenarios/" + name + ".mjs").directory(PROJECT.toFile());
    builder.environment().put("HUB_COMPAT", hub.encode());
    Process process = start(builder);
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the scenario ended before reading its input; its report says why
    }
    boolean ended = waitFor(process, RUN_TIMEOUT_SECONDS);
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitFor(process, 10);
    }
    return new ScenarioReport(name, ended ? process.exitValue() : -1, out.join(), err.join());
  }

  static ScenarioReport run(String name, JsonObject hub) {
    return run(name, hub, "");
  }

  private static String checkNode() {
    try {
      Process process = start(new ProcessBuilder(NODE, "--version").redirectErrorStream(true));
      CompletableFuture<String> out = drain(process.getInputStream());
      if (!waitFor(process, 30) || process.exitValue() != 0) {
        process.destroyForcibly();
        return "`" + NODE + " --version` did not answer";
      }
      String version = out.join().trim();
      int major = Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*$", "$1"));
      return major >= MIN_NODE_MAJOR ? null : "Node " + version + " is older than " + MIN_NODE_MAJOR;
    } catch (UncheckedIOException | NumberFormatException e) {
      return "no usable `" + NODE + "` (" + e.getMessage() + ")";
    }
  }

  /** {@code npm ci} unless node_modules already matches the lock file (npm writes its own copy when it installs). */
  private static String install() {
    Path lock = PROJECT.resolve("package-lock.json");
    Path installed = PROJECT.resolve("node_modules/.package-lock.json");
    try {
      if (Files.exists(installed)
        && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.err.println("Pusher compatibility tests: npm ci in " + PROJECT);
    try {
      Process process = start(new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
        .directory(PROJECT.toFile())
        .redirectErrorStream(true));
      CompletableFuture<String> out = drain(process.getInputStream());
      if (!waitFor(process, INSTALL_TIMEOUT_SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return "npm ci did not finish within " + INSTALL_TIMEOUT_SECONDS + " s";
      }
      return process.exitValue() == 0 ? null : "npm ci failed:\n" + out.join();
    } catch (UncheckedIOException e) {
      return "no usable `npm` on the PATH (" + e.getMessage() + ")";
    }
  }

  private static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean waitFor(Process process, long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while waiting for " + process.info().commandLine().orElse("node"), e);
    }
  }

  /** Reads a stream to its end on a thread of its own, so a full pipe never blocks the child. */
  private static CompletableFuture<String> drain(InputStream stream) {
    Executor ownThread = task -> {
      Thread thread = new Thread(task, "node-scenario-output");
      thread.setDaemon(true);
      thread.start();
    };
    return CompletableFuture.supplyAsync(() -> {
      try (stream; ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
        stream.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output lost: " + e.getMessage() + ")";
      }
    }, ownThread);
  }
}
