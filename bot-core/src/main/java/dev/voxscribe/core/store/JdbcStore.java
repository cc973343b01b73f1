package dev.voxscribe.core.store;

import dev.voxscribe.core.settings.SettingsStore;

/**
 * Every port on one {@link Database}: the same implementations and the same migrations whether the
 * data lives in SQLite ({@link SqliteStore}) or PostgreSQL ({@link PostgresStore}). A new port is
 * added here once.
 */
abstract class JdbcStore implements Store {
  private final Database db;
  private final SettingsStore settings;
  private final Inbox inbox;
  private final JobStore jobs;
  private final GenerationStore generations;
  private final TranscriptStore transcripts;
  private final SnapshotStore snapshots;
  private final UndecodableUpdates undecodable;
  private final UsageStore usage;
  private final ExtrasStore extras;
  private final Instance instance;

  JdbcStore(Database db) {
    this(db, false);
  }

  /** @param shared several instances may use this database at once (PostgreSQL) */
  JdbcStore(Database db, boolean shared) {
    this(db, shared, Instance.alone());
  }

  /**
   * @param shared several instances may use this database at once (PostgreSQL)
   * @param instance this process, to which its jobs and create claims are leased
   */
  JdbcStore(Database db, boolean shared, Instance instance) {
    this.db = db;
    this.instance = instance;
    this.settings = new JdbcSettingsStore(db);
    this.inbox = new JdbcInbox(db, instance, shared);
    this.jobs = new JdbcJobStore(db, instance, shared);
    JdbcGenerationStore generations = new JdbcGenerationStore(db, instance);
    generations.dropClaimsOfAnEarlierRun();
    this.generations = generations;
    this.transcripts = new JdbcTranscriptStore(db);
    this.snapshots = new JdbcSnapshotStore(db);
    this.undecodable = new JdbcUndecodableUpdates(db, UndecodableUpdates.MAX_KEPT);
    this.usage = new JdbcUsageStore(db, shared);
    this.extras = new JdbcExtrasStore(db);
  }

  @Override public SettingsStore settings() { return settings; }
  @Override public Inbox inbox() { return inbox; }
  @Override public JobStore jobs() { return jobs; }
  @Override public GenerationStore generations() { return generations; }
  @Override public TranscriptStore transcripts() { return transcripts; }
  @Override public SnapshotStore snapshots() { return snapshots; }
  @Override public UndecodableUpdates undecodable() { return undecodable; }
  @Override public UsageStore usage() { return usage; }
  @Override public ExtrasStore extras() { return extras; }
  @Override public String location() { return db.location(); }
  @Override public Instance instance() { return instance; }

  /** For tests of this package: the connection, to provoke failures. */
  Database database() {
    return db;
  }

  @Override
  public void close() {
    db.close();
  }
}
