/**
 * What a transcript can become on a tap: a summary, a translation, subtitles. Transcripts shown
 * with buttons are kept in the store under a short id the buttons carry, and each result is kept
 * by transcript and target, so the chat model is asked once per result, whoever presses.
 */
@NullMarked
package dev.voxscribe.core.extras;

import org.jspecify.annotations.NullMarked;
