package dev.voxscribe.core.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the statements (and commits and rollbacks) a store's connections send to the server: one
 * round trip each, what a job costs the database when several instances share it (the scale-out
 * benchmark reads it).
 */
final class RoundTrips {
  private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
      "executeBatch", "executeLargeBatch");
  private final AtomicLong count = new AtomicLong();

  long count() {
    return count.get();
  }

  Connection counted(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler(connection, true));
  }

  private InvocationHandler handler(Object target, boolean isConnection) {
    return (proxy, method, args) -> {
      String name = method.getName();
      if (isConnection ? name.equals("commit") || name.equals("rollback") : EXECUTES.contains(name)) {
        count.incrementAndGet();
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (isConnection && result instanceof Statement statement && method.getReturnType().isInterface()) {
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {method.getReturnType()},
            handler(statement, false));
      }
      return result;
    };
  }
}
