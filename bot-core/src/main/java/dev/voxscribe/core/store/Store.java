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

  /** Where the data lives, as log lines name it. */
  String location();

  @Override
  void close();
}
