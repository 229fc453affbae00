package dev.realtimehub.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * Access to the PostgreSQL of integration tests (127.0.0.1:5432, database {@code hub_test}). Tests use unique
 * ids, so they never see each other's rows. Without a reachable server the tests are skipped loudly, unless
 * {@code HUB_IT_REQUIRE=1} (set by CI), which turns the skip into a failure.
 */
public final class PgSupport {

  public static final String URL = System.getenv().getOrDefault("HUB_IT_PG_URL",
    "postgresql://postgres@127.0.0.1:5432/hub_test");

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

  /** Environment that points a TestHub's store at the test database. */
  public static Map<String, String> node() {
    return Map.of("HUB_PG_URL", URL);
  }
}
