package dev.realtimehub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test, started as a child process (pinned with {@code taskset} by its command line) with
 * its output in a log file, and stopped at the end of its run.
 */
final class ServerProcess implements AutoCloseable {

  /** G1, parallel and serial collectors print kilobytes ({@code used 1234K}); ZGC megabytes ({@code used 16M}). */
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");
  private static final long READY_TIMEOUT_MS = 60_000;

  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code command} and returns once {@code port} accepts connections on loopback. */
  static ServerProcess start(List<String> command, Map<String, String> env, int port, Path log)
    throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    ServerProcess server = new ServerProcess(builder.start(), port, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with " + process.exitValue() + ": see " + log);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    close();
    throw new IOException("server not listening on " + port + " after " + READY_TIMEOUT_MS + " ms: see " + log);
  }

  /** The JVM's pid: {@code taskset} execs the java command, so the child itself is the JVM. */
  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  /**
   * Live heap in bytes: {@code jcmd GC.run} (a full collection) then the {@code used} figures of
   * {@code jcmd GC.heap_info} (every generation), so what remains is what the server still references.
   */
  long liveHeapBytes() throws IOException, InterruptedException {
    jcmd("GC.run");
    // G1 and ZGC print one heap line, the parallel and serial collectors one per generation; metaspace is not heap.
    long usedKb = 0;
    boolean found = false;
    for (String line : jcmd("GC.heap_info").split("\n")) {
      Matcher used = HEAP_USED.matcher(line);
      if (!line.contains("Metaspace") && !line.contains("class space") && used.find()) {
        usedKb += Long.parseLong(used.group(1)) << switch (used.group(2)) {
          case "G" -> 20;
          case "M" -> 10;
          default -> 0;
        };
        found = true;
      }
    }
    if (!found) {
      throw new IOException("no heap figure from jcmd GC.heap_info for " + pid());
    }
    return usedKb * 1024;
  }

  /** The live objects by class ({@code jcmd GC.class_histogram}, which collects first). */
  String classHistogram() throws IOException, InterruptedException {
    return jcmd("GC.class_histogram");
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
