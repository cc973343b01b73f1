package dev.voxscribe.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store in PostgreSQL ({@code VOXSCRIBE_DATABASE_URL}), for several instances on one database.
 * The same ports and the same migrations as {@link SqliteStore}; the schema is the connection's
 * current schema ({@code public} unless the URL says {@code currentSchema=...}).
 */
public final class PostgresStore extends JdbcStore {
  private static final String SETTING = "VOXSCRIBE_DATABASE_URL";
  /** The advisory lock key held while migrating: "VoxMigr" in ASCII. */
  static final long MIGRATION_LOCK = 0x566f784d696772L;

  private final Database.Connector connector;

  private final RoundTrips trips;

  private PostgresStore(Database db, Database.Connector connector, Instance instance, RoundTrips trips) {
    super(db, true, instance);
    this.connector = connector;
    this.trips = trips;
  }

  /** Statements, commits and rollbacks sent to the server by the store's ports so far (not leadership's). */
  public long roundTrips() {
    return trips.count();
  }

  private final java.util.List<Leadership> leaderships = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Advisory locks on a connection of their own, so the lock ends with this process's session; closed with the store. */
  @Override
  public Leadership leadership(java.time.Duration lease) {
    Leadership l = new PostgresLeadership(connector, lease, location());
    leaderships.add(l);
    return l;
  }

  @Override
  public void close() {
    leaderships.forEach(Leadership::close);
    super.close();
  }

  /**
   * Connects, migrates the schema and hands out the ports.
   *
   * @param url {@code jdbc:postgresql://host[:port]/database[?...]}
   * @param user empty: the URL's or the driver's default
   * @param password empty: none, or the URL's
   * @throws StoreVersionException when a newer VoxScribe migrated the database
   * @throws IllegalStateException when it cannot be reached or migrated, naming the URL without its parameters
   */
  public static PostgresStore open(String url, Optional<String> user, Optional<String> password) {
    return open(url, user, password, Instance.alone());
  }

  /**
   * As above, for one instance of several on the database: its jobs and create claims are leased to
   * {@code instance}.
   */
  public static PostgresStore open(String url, Optional<String> user, Optional<String> password, Instance instance) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(SETTING + " must start with jdbc:postgresql:");
    }
    String where = SETTING + "=" + printable(url);
    PGSimpleDataSource source = new PGSimpleDataSource();
    try {
      source.setURL(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot open the store " + where + ": the URL is not one the driver reads", e);
    }
    user.ifPresent(source::setUser);
    password.ifPresent(source::setPassword);
    // Fail a start against an unreachable server in seconds, and never wait forever on a dead socket.
    if (!url.contains("connectTimeout=")) source.setConnectTimeout(10);
    if (!url.contains("loginTimeout=")) source.setLoginTimeout(15);
    if (!url.contains("socketTimeout=")) source.setSocketTimeout(60);
    if (!url.contains("tcpKeepAlive=")) source.setTcpKeepAlive(true);
    source.setApplicationName("voxscribe");
    // Instances starting together: one migrates while the others wait. Flyway alone lets a second
    // instance find the first one's schema_history created but still empty, and refuse to start.
    try (Connection lock = source.getConnection()) {
      try (java.sql.Statement st = lock.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      }
      try {
        Migrations.migrate(source, where, SETTING);
      } finally {
        try (java.sql.Statement st = lock.createStatement()) {
          st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
        }
      }
    } catch (StoreVersionException e) {
      throw e;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the store " + where + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the store " + where + ": " + rootMessage(e), e);
    }
    RoundTrips trips = new RoundTrips();
    Connection c;
    try {
      c = trips.counted(source.getConnection());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the store " + where + ": " + e.getMessage(), e);
    }
    return new PostgresStore(new Database(c, () -> trips.counted(source.getConnection()), where), source::getConnection,
        instance, trips);
  }

  /** The URL without its parameters, which may carry a password. */
  static String printable(String url) {
    int q = url.indexOf('?');
    String bare = q < 0 ? url : url.substring(0, q);
    int at = bare.indexOf('@');
    int hosts = bare.indexOf("//");
    if (at > 0 && hosts >= 0 && at > hosts) bare = bare.substring(0, hosts + 2) + bare.substring(at + 1);
    return bare;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
