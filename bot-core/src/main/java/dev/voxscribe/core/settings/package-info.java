/** Per-chat settings kept in an embedded SQLite store. */
@NullMarked
package dev.voxscribe.core.settings;

import org.jspecify.annotations.NullMarked;
