package dev.voxscribe.core.store;

import dev.voxscribe.core.settings.SettingsStore;

/**
 * Everything the bot keeps across restarts, behind one port per kind of data. {@link SqliteStore}
 * keeps it in one file under {@code VOXSCRIBE_DATA_DIR}.
 */
public interface Store extends AutoCloseable {
  SettingsStore settings();

  Inbox inbox();

  JobStore jobs();

  GenerationStore generations();

  TranscriptStore transcripts();

  SnapshotStore snapshots();

  UndecodableUpdates undecodable();
  /** Transcripts kept for their buttons, and what the buttons made of them. */
  ExtrasStore extras();

  /** Usage counters and job costs (quotas, budget, {@code /usage}, {@code /stats}). */
  UsageStore usage();

  /**
   * A new {@link Leadership} for work one instance of the cluster does at a time. One instance on
   * its own file holds every role ({@link Leadership#ALONE}).
   *
   * @param lease how long a holder that stopped confirming keeps its roles
   */
  default Leadership leadership(java.time.Duration lease) {
    return Leadership.ALONE;
  }

  /** This process as the store leases jobs and create claims to it. */
  default Instance instance() {
    return Instance.alone();
  }

  /** Where the data lives, as log lines name it. */
  String location();

  @Override
  void close();
}
