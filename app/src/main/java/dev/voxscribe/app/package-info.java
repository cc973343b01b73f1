/** The composition root: reads config once, builds everything, starts the platforms or runs one transcription. */
@NullMarked
package dev.voxscribe.app;

import org.jspecify.annotations.NullMarked;
