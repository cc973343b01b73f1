/** Time that tests move by hand, so waits of minutes take no time and no thread sleeps. */
@NullMarked
package dev.voxscribe.testing.time;

import org.jspecify.annotations.NullMarked;
