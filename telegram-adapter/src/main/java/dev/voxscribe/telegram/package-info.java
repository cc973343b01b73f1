/**
 * The Telegram adapter: turns Bot API updates into transcription requests and transcripts into
 * replies. {@link dev.voxscribe.telegram.TelegramPlatform} is the only public type; commands and
 * media kinds are small classes listed in {@code Features}, user-facing texts live in {@code Messages}.
 */
@NullMarked
package dev.voxscribe.telegram;

import org.jspecify.annotations.NullMarked;
