package dev.realtimehub.support;

import dev.realtimehub.HubMain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hub node in its own JVM, started the way an operator starts one: {@code HubMain} with {@code HUB_*}
 * variables, the test secret and API key, its output in a log file. Holds an HTTP and a WebSocket client
 * bound to the node's port.
 */
public final class HubProcess {

  private final String name;
  private final int port;
  private final Vertx vertx;
  private final Process process;
  private final Path log;
  private final HttpClient http;
  private final WebSocketClient ws;
  private final JWTAuth signer;

  private HubProcess(Vertx vertx, String name, int port, Process process, Path log) {
    this.vertx = vertx;
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultPort(port)
      .setDefaultHost("127.0.0.1"));
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestHub.SECRET)));
  }

  /** Starts {@code HubMain} on a free loopback port; {@code env} adds or overrides HUB_* variables. */
  public static HubProcess start(Vertx vertx, String name, Map<String, String> env) {
    int port = TestHub.freePort();
    try {
      Path log = Files.createTempFile("hub-" + name + "-", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String logConfig = Path.of("target", "classes", "logback.xml").toAbsolutePath().toString();
      // Small, quickly started JVMs: several nodes share the test machine's cores.
      ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xmx256m", "-Dlogback.configurationFile=" + logConfig, "-cp", System.getProperty("java.class.path"),
        HubMain.class.getName()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")));
      Map<String, String> all = new HashMap<>();
      all.put("HUB_HTTP_PORT", Integer.toString(port));
      all.put("HUB_HTTP_HOST", "127.0.0.1");
      all.put("HUB_JWT_SECRET", TestHub.SECRET);
      all.put("HUB_API_KEY", TestHub.API_KEY);
      // Each node its own throw-away store: embedded H2 files cannot be shared between processes.
      all.put("HUB_STORE_DATA_DIR", ":memory:");
      all.putAll(env);
      builder.environment().putAll(all);
      return new HubProcess(vertx, name, port, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Polls {@code /health/ready} until it answers 200; fails at the deadline or when the process exits. */
  public Future<Void> awaitReady(Vertx vertx, long timeoutMs) {
    return awaitHealth(vertx, timeoutMs, 200);
  }

  /** Polls {@code /health/ready} until it answers {@code status}; fails at the deadline or when the process exits. */
  public Future<Void> awaitHealth(Vertx vertx, long timeoutMs, int status) {
    return ApiSupport.eventually(vertx, timeoutMs, () -> {
      if (!process.isAlive()) {
        return Future.failedFuture("node " + name + " exited with " + process.exitValue());
      }
      return ApiSupport.get(vertx, http, "/health/ready")
        .map(response -> response.status() == status)
        .otherwise(false);
    }).recover(e -> Future.failedFuture("node " + name + ": /health/ready never answered " + status + ": "
      + e.getMessage()));
  }

  /** A request with an API key ({@code null}: no Authorization header). */
  public Future<TestResponse> request(String method, String uri, String body, String apiKey) {
    Map<String, String> headers = new HashMap<>();
    if (apiKey != null) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return TestResponse.send(vertx, http, method, uri, body, headers);
  }

  /** A request with exactly these headers. */
  public Future<TestResponse> send(String method, String uri, String body, Map<String, String> headers) {
    return TestResponse.send(vertx, http, method, uri, body, headers);
  }

  public Future<TestResponse> publish(JsonObject body) {
    return request("POST", "/api/publish", body.encode(), TestHub.API_KEY);
  }

  public Future<TestResponse> presence(String channel) {
    return request("GET", "/api/channels/" + channel + "/presence", null, TestHub.API_KEY);
  }

  public Future<TestSocket> connect(String token) {
    return TestSocket.connect(vertx, ws, "/ws?token=" + token, Map.of());
  }

  /** A valid HS256 token for {@code sub} with extra claims, expiring in an hour. */
  public String token(String sub, JsonObject claims) {
    return signer.generateToken(claims.copy().put("sub", sub), new JWTOptions().setAlgorithm("HS256")
      .setExpiresInSeconds(3600));
  }

  /**
   * Kills the process without warning: {@link Process#destroyForcibly()} sends SIGKILL on Linux, so no shutdown
   * hook runs. Blocks until it is gone and returns the exit status (137 = 128 + SIGKILL).
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + name + " survived SIGKILL");
    }
    return process.exitValue();
  }

  /** Ends the process (SIGKILL) if it still runs and closes the clients. Blocks briefly. */
  public void stop() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    http.close();
    ws.close();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Prints the node's output, for a failed test. */
  public void printLog() {
    System.err.println("----- log of hub node " + name + " (port " + port + ") -----");
    System.err.println(log());
    System.err.println("----- end of log of hub node " + name + " -----");
  }

  public void deleteLog() throws IOException {
    Files.deleteIfExists(log);
  }
}
