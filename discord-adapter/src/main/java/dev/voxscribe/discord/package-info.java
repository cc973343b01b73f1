/**
 * The Discord adapter: {@code /transcribe}, the "Transcribe" message menu, {@code /autotranscribe}
 * and voice messages transcribed on arrival, on JDA. Translates Discord events into core
 * transcription requests and transcripts into Discord replies.
 */
@NullMarked
package dev.voxscribe.discord;

import org.jspecify.annotations.NullMarked;
