package dev.voxscribe.core.store;

import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's versions: the SQL files under {@code src/main/resources/db/voxscribe}
 * ({@code V<n>__what.sql}), applied in order at start by Flyway. See {@code docs/store.md} for
 * how to add one.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  /** On the classpath; a directory of our own, so no other jar's migrations are picked up. */
  static final String LOCATION = "classpath:db/voxscribe";
  static final String HISTORY_TABLE = "schema_history";

  private Migrations() {}

  /**
   * Brings the database to the newest schema this build knows. On PostgreSQL the caller holds an
   * advisory lock around this, so instances starting together apply each version once.
   *
   * @param where the database, as log lines name it
   * @param setting the variable that points at it, for the message when it is too new
   * @throws StoreVersionException when the database has migrations this build does not know
   */
  static void migrate(DataSource source, String where, String setting) {
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(source)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        // VoxScribe 0.1 created the settings table without a version table: adopt it as "version 0",
        // then V1 (CREATE TABLE IF NOT EXISTS) leaves it as it is.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("VoxScribe 0.1 (settings only)")
        // Each line of work owns a range of versions (V4-V9, V10, V20-V29, ...), landed in any order:
        // a database that already has V10 still gets a V4 that came later, rather than refusing to start.
        .outOfOrder(true)
        .load();
    Optional<MigrationVersion> future = Arrays.stream(flyway.info().applied())
        .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
        .map(MigrationInfo::getVersion)
        .max(MigrationVersion::compareTo);
    if (future.isPresent()) {
      throw new StoreVersionException("The database in " + where + " was written by a newer VoxScribe (schema version "
          + future.get() + "); run that version or a newer one, or point " + setting + " elsewhere");
    }
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      log.info("Store in {} migrated from schema version {} to {}", where,
          result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, result.targetSchemaVersion);
    }
  }
}
