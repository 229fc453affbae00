package dev.realtimehub.store;

import org.h2.jdbcx.JdbcDataSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The embedded database's connections for the Vert.x JDBC pool, with auto-commit put back after each transaction.
 * vertx-jdbc-client 5.0.10 ends a commit or rollback with {@code setAutoCommit(false)} instead of {@code true}
 * (vert-x3/vertx-jdbc-client#356), so a pooled connection would run every later single statement in an
 * implicit transaction that nobody commits: an accepted webhook's inbox row stays invisible, and is lost when an
 * unrelated transaction on that connection rolls back. The wrapper turns that one call back into
 * {@code setAutoCommit(true)}; every other call passes through. Remove it once the client is fixed.
 */
final class H2DataSource {

  private H2DataSource() {
  }

  /** A data source of the database at {@code url} whose connections restore auto-commit. */
  static DataSource create(String url) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    h2.setPassword("");
    return (DataSource) Proxy.newProxyInstance(H2DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
      (proxy, method, args) -> {
        Object result = call(h2, method, args);
        return result instanceof Connection connection ? restoring(connection) : result;
      });
  }

  private static Connection restoring(Connection connection) {
    return (Connection) Proxy.newProxyInstance(H2DataSource.class.getClassLoader(),
      new Class<?>[] {Connection.class}, new AutoCommitRestorer(connection));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Rewrites the {@code setAutoCommit(false)} that directly follows a commit or rollback. */
  private static final class AutoCommitRestorer implements InvocationHandler {

    private final Connection target;
    private boolean transactionEnded;

    private AutoCommitRestorer(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      boolean noArgs = args == null || args.length == 0;
      if (noArgs && (method.getName().equals("commit") || method.getName().equals("rollback"))) {
        transactionEnded = true;
      } else if (method.getName().equals("setAutoCommit")) {
        boolean reset = transactionEnded && Boolean.FALSE.equals(args[0]);
        transactionEnded = false;
        if (reset) {
          target.setAutoCommit(true);
          return null;
        }
      }
      return call(target, method, args);
    }
  }
}
