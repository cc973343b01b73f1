/**
 * The embedded store under {@code VOXSCRIBE_DATA_DIR}: small ports (inbox, jobs, generations,
 * transcripts, snapshots, settings) over one database whose schema is migrated at start. Writes
 * never throw: a failure is logged with what failed and where, and the bot carries on.
 */
@NullMarked
package dev.voxscribe.core.store;

import org.jspecify.annotations.NullMarked;
