/** The one entry point adapters call: limits, cache, in-flight sharing, concurrency gate. */
@NullMarked
package dev.voxscribe.core.transcribe;

import org.jspecify.annotations.NullMarked;
