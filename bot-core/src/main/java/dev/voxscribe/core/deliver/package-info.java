/**
 * What a finished job sends, as a platform-neutral plan each adapter carries out with its own API:
 * the same code plans a fresh job's answer and a job resumed after a restart.
 */
@NullMarked
package dev.voxscribe.core.deliver;

import org.jspecify.annotations.NullMarked;
