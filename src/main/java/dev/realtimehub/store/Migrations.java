package dev.realtimehub.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema in {@code classpath:db/migration} with Flyway. Blocking: call it on a worker
 * thread only ({@code executeBlocking}), never on an event loop.
 */
final class Migrations {

  private Migrations() {
  }

  static MigrateResult apply(String jdbcUrl, String user, String password) {
    return Flyway.configure()
      .dataSource(jdbcUrl, user, password)
      .locations("classpath:db/migration")
      // Migrations of different areas are numbered as they are written, not as they land: one that arrives
      // below the newest applied version is applied rather than refused (they touch different tables).
      .outOfOrder(true)
      .load()
      .migrate();
  }
}
