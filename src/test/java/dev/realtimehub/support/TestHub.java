package dev.realtimehub.support;

import dev.realtimehub.HubVerticle;
import dev.realtimehub.config.ConfigLoader;
import dev.realtimehub.gateway.Drain;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real hub on a random port, configured through the same loader as production (environment
 * overrides), with clients and token helpers for tests.
 */
public final class TestHub {

  public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  public static final String API_KEY = "test-api-key-0123456789";
  /** A hub that does not start within this is a failure, never a hang of the whole suite. */
  static final long START_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final HubVerticle verticle;
  private final PrometheusMeterRegistry registry;
  private final Drain drain;
  private final JWTAuth signer;
  private final HttpClient http;
  private final WebSocketClient ws;

  private TestHub(Vertx vertx, HubVerticle verticle, PrometheusMeterRegistry registry, Drain drain) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.registry = registry;
    this.drain = drain;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    // SSE streams each hold a pooled connection for their whole life: a roomy pool keeps other requests from
    // queueing behind them.
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(verticle.port())
      .setDefaultHost("127.0.0.1"), new PoolOptions().setHttp1MaxSize(64));
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultPort(verticle.port())
      .setDefaultHost("127.0.0.1")
      // Vert.x holds back WebSocket connections beyond 50 per server; some tests open more.
      .setMaxConnections(4096)
      .setMaxFrameSize(1 << 20)
      .setMaxMessageSize(1 << 22));
  }

  /** Starts a hub with the test secret and API key; {@code env} adds or overrides HUB_* variables. */
  public static Future<TestHub> start(Vertx vertx, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("HUB_HTTP_PORT", Integer.toString(freePort()));
    all.put("HUB_HTTP_HOST", "127.0.0.1");
    all.put("HUB_JWT_SECRET", SECRET);
    all.put("HUB_API_KEY", API_KEY);
    all.put("HUB_GATEWAY_INSTANCES", "2");
    all.put("HUB_STORE_DATA_DIR", ":memory:");
    all.putAll(env);
    all.values().removeIf(v -> v == null);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Drain drain = new Drain();
    return new ConfigLoader(vertx, all, Map.of()).load()
      .compose(config -> {
        HubVerticle verticle = new HubVerticle(config, registry, drain);
        return vertx.deployVerticle(verticle).map(id -> new TestHub(vertx, verticle, registry, drain));
      })
      .timeout(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** A port free right now; the hub binds it with all its event loops (port 0 would give it only one). */
  public static int freePort() {
    // Below the kernel's ephemeral range (32768+ here): a server on an ephemeral port can be "reached" by a
    // client whose own source port happens to be the same, which connects the client to itself and hangs it.
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + RANDOM.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port below the ephemeral range"));
  }

  private static final java.util.Random RANDOM = new java.util.Random();

  public static Future<TestHub> start(Vertx vertx) {
    return start(vertx, Map.of());
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return verticle.port();
  }

  public HubVerticle verticle() {
    return verticle;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Drain drain() {
    return drain;
  }

  public HttpClient http() {
    return http;
  }

  public WebSocketClient wsClient() {
    return ws;
  }

  /** A valid HS256 token for {@code sub} with extra claims, expiring in an hour. */
  public String token(String sub, JsonObject claims) {
    return sign(claims.copy().put("sub", sub), 3600);
  }

  public String token(String sub) {
    return token(sub, new JsonObject());
  }

  /** Signs arbitrary claims with the test secret; {@code expiresIn <= 0} leaves {@code exp} as given. */
  public String sign(JsonObject claims, int expiresInSeconds) {
    JWTOptions options = new JWTOptions().setAlgorithm("HS256");
    if (expiresInSeconds > 0) {
      options.setExpiresInSeconds(expiresInSeconds);
    }
    return signer.generateToken(claims, options);
  }

  /** Opens a native-protocol connection with the token as a query parameter ({@code null}: anonymous). */
  public Future<TestSocket> connect(String token) {
    return TestSocket.connect(vertx, ws, token == null ? "/ws" : "/ws?token=" + token, Map.of());
  }

  public Future<TestSocket> connect(String uri, Map<String, String> headers) {
    return TestSocket.connect(vertx, ws, uri, headers);
  }

  /** Publishes through the HTTP API with the test key and returns the response body. */
  public Future<TestResponse> publish(JsonObject body) {
    return request("POST", "/api/publish", body.encode(), API_KEY);
  }

  /** A request to the hub; {@code apiKey} {@code null} sends no Authorization header. */
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

  public Future<TestEventStream> sse(String uri, Map<String, String> headers) {
    return TestEventStream.open(vertx, http, uri, headers);
  }

  public Future<Void> close() {
    return Future.join(http.close(), ws.close()).mapEmpty();
  }
}
