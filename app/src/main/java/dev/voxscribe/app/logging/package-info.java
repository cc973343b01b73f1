/** Logging that never prints a secret. */
@NullMarked
package dev.voxscribe.app.logging;

import org.jspecify.annotations.NullMarked;
