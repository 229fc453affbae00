package dev.realtimehub;

import dev.realtimehub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real {@code HubMain} in its own process and stops it with SIGTERM, as an orchestrator would. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class GracefulShutdownTest {

  private Process process;
  private Path log;
  private int port;
  private HttpClient http;
  private WebSocketClient ws;

  @BeforeEach
  void startProcess(Vertx vertx) throws IOException {
    port = TestHub.freePort();
    log = Files.createTempFile("hub-shutdown", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String logConfig = Path.of("target", "classes", "logback.xml").toAbsolutePath().toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Dlogback.configurationFile=" + logConfig,
      "-cp", System.getProperty("java.class.path"), HubMain.class.getName())
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    builder.environment().put("HUB_HTTP_PORT", Integer.toString(port));
    builder.environment().put("HUB_HTTP_HOST", "127.0.0.1");
    builder.environment().put("HUB_JWT_SECRET", TestHub.SECRET);
    builder.environment().put("HUB_API_KEY", TestHub.API_KEY);
    builder.environment().put("HUB_SHUTDOWN_GRACE_SECONDS", "5");
    builder.environment().put("HUB_STORE_DATA_DIR", ":memory:");
    builder.directory(new File(System.getProperty("user.dir")));
    process = builder.start();
    http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
  }

  @AfterEach
  void stopProcess() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }

  @Test
  void sigtermTellsClientsToReconnectAndExits(Vertx vertx, VertxTestContext ctx) {
    awaitReady(vertx, 200)
      .compose(v -> ws.connect(port, "127.0.0.1", "/ws?token=" + token(vertx)))
      .compose(socket -> {
        Promise<Short> closed = Promise.promise();
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
        socket.textMessageHandler(text -> {
          if ("welcome".equals(new JsonObject(text).getString("type"))) {
            process.destroy();
          }
        });
        return closed.future();
      })
      .compose(code -> vertx.executeBlocking(() -> {
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        return new Object[] {code, exited};
      }))
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        assertEquals((short) 1012, result[0], "close code tells the client the service restarts");
        assertTrue((Boolean) result[1], "the process exits within the grace period");
        String output = Files.readString(log);
        assertTrue(output.contains("draining"), output);
        assertTrue(output.contains("shutdown complete"), output);
        assertFalse(output.contains(TestHub.SECRET), "the secret is never logged");
        ctx.completeNow();
      })));
  }

  private String token(Vertx vertx) {
    return io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestHub.SECRET)))
      .generateToken(new JsonObject().put("sub", "u1"), new io.vertx.ext.auth.JWTOptions().setExpiresInSeconds(60));
  }

  /** Polls /health/ready until the process answers 200, at most {@code attempts} times 100 ms apart. */
  private Future<Void> awaitReady(Vertx vertx, int attempts) {
    return http.request(HttpMethod.GET, "/health/ready")
      .compose(request -> request.send())
      .compose(response -> response.statusCode() == 200 ? Future.<Void>succeededFuture()
        : Future.failedFuture("status " + response.statusCode()))
      .recover(failure -> {
        if (attempts <= 0 || !process.isAlive()) {
          return Future.failedFuture("hub process did not become ready: " + failure.getMessage());
        }
        Promise<Void> retry = Promise.promise();
        vertx.setTimer(100, id -> awaitReady(vertx, attempts - 1).onComplete(retry));
        return retry.future();
      });
  }
}
