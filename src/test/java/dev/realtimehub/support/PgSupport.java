package dev.realtimehub.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Access to the PostgreSQL of integration tests (127.0.0.1:5432). Each test JVM gets a database of its own,
 * created on first use (connecting through {@code hub_test}); databases of test JVMs that have ended are dropped then: the inbox workers of a hub claim any
 * due row of their database, so two test runs sharing one would take each other's events. Tests use unique ids
 * within a run. Without a reachable server the tests are skipped loudly, unless {@code HUB_IT_REQUIRE=1} (set by
 * CI), which turns the skip into a failure. {@code HUB_IT_PG_URL} names a database to use as it is instead.
 */
public final class PgSupport {

  private static final String SERVER = "postgresql://postgres@127.0.0.1:5432/";
  private static final String ADMIN_DATABASE = "hub_test";
  private static String url;

  private PgSupport() {
  }

  /** Skips (or, under CI, fails) the calling test when PostgreSQL does not answer. */
  public static void requirePostgres() {
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "1".equals(System.getenv("HUB_IT_REQUIRE"))) {
      throw new AssertionError("PostgreSQL at 127.0.0.1:5432 is required (HUB_IT_REQUIRE=1) but does not answer");
    }
    if (!up) {
      System.err.println("!!! SKIPPING PostgreSQL integration test: no PostgreSQL on 127.0.0.1:5432 !!!");
    }
    Assumptions.assumeTrue(up, "PostgreSQL on 127.0.0.1:5432");
  }

  /** Environment that points a TestHub's store at this JVM's test database. */
  public static Map<String, String> node() {
    return Map.of("HUB_PG_URL", url());
  }

  /** This JVM's test database, created on first use. */
  public static synchronized String url() {
    if (url == null) {
      String given = System.getenv("HUB_IT_PG_URL");
      url = given != null ? given : createDatabase("hub_it_" + ProcessHandle.current().pid() + "_"
        + Long.toHexString(System.nanoTime() & 0xffffff));
    }
    return url;
  }

  /** Creates this run's database after dropping those left by test JVMs that are gone. */
  private static String createDatabase(String name) {
    for (String stale : queryAdmin("SELECT datname FROM pg_database WHERE datname LIKE 'hub\\_it\\_%'")) {
      String[] parts = stale.split("_");
      if (parts.length == 4 && parts[2].matches("\\d{1,10}")
          && ProcessHandle.of(Long.parseLong(parts[2])).isEmpty()) {
        runAdmin("DROP DATABASE IF EXISTS " + stale + " WITH (FORCE)");
      }
    }
    runAdmin("CREATE DATABASE " + name);
    return SERVER + name;
  }

  private static void runAdmin(String sql) {
    queryAdmin(sql);
  }

  /** Runs one statement on the admin database; the first column of every row it returns. */
  private static List<String> queryAdmin(String sql) {
    Vertx vertx = Vertx.vertx();
    try {
      return PgConnection.connect(vertx, PgConnectOptions.fromUri(SERVER + ADMIN_DATABASE))
        .compose(conn -> conn.query(sql).execute().eventually(conn::close))
        .map(rows -> {
          List<String> values = new ArrayList<>();
          rows.forEach(row -> values.add(String.valueOf(row.getValue(0))));
          return values;
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
    } finally {
      vertx.close();
    }
  }
}
