package dev.voxscribe.discord;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.format.Spoken;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * Every text a Discord user sees from the bot, in one place. Short, friendly, no internal names.
 * Whatever comes from outside (file names, what a user typed) is escaped with {@link DiscordText}.
 */
final class Messages {
  private Messages() {}

  // ---- command and option descriptions (shown in Discord's command picker) ----

  static final String TRANSCRIBE_DESCRIPTION = "Turn an audio or video file into text";
  static final String FILE_DESCRIPTION = "The audio or video file";
  static final String LANGUAGE_DESCRIPTION = "Language code like en, de or pt-BR (detected when left out)";
  static final String PRIVATE_DESCRIPTION = "Only you see the transcript";
  static final String MENU_NAME = "Transcribe";
  static final String AUTO_DESCRIPTION = "Transcribe voice messages automatically";
  static final String AUTO_ON_DESCRIPTION = "Transcribe voice messages here automatically";
  static final String AUTO_OFF_DESCRIPTION = "Stop transcribing voice messages here automatically";
  static final String AUTO_SERVER_DESCRIPTION = "Apply to the whole server instead of this channel";

  // ---- refusals before any work ----

  static String notMedia(String filename) {
    return "**" + DiscordText.escape(filename) + "** isn't an audio or video file, so there's nothing for me to transcribe.";
  }

  static String noMediaInMessage() {
    return "That message has no audio or video for me to transcribe.";
  }

  static String badLanguage(String given) {
    return "\"" + DiscordText.escape(given) + "\" doesn't look like a language code. Try something like en, de or pt-BR.";
  }

  // ---- transcripts ----

  static String noSpeech() {
    return "*I couldn't hear any speech in this one.*";
  }

  /** The small grey line under a transcript: language and length, whichever is known. */
  static Optional<String> details(Optional<String> language, Optional<Duration> length) {
    StringBuilder b = new StringBuilder();
    language.map(Spoken::languageName).ifPresent(b::append);
    length.filter(d -> !d.isZero()).ifPresent(d -> {
      if (b.length() > 0) b.append(" · ");
      b.append(Spoken.clock(d));
    });
    return b.length() == 0 ? Optional.empty() : Optional.of("-# " + b);
  }

  static String label(String filename) {
    return "**" + DiscordText.escape(filename) + "**";
  }

  static String transcriptAsFile() {
    return "That's a long one! The whole transcript is in the attached file.";
  }

  static String transcriptFileName() {
    return "transcript.txt";
  }

  // ---- failures ----

  /** One short sentence per failure; the details stay in the log. */
  static String failure(FailureKind kind, TranscriptionLimits limits) {
    return switch (kind) {
      case TOO_LARGE -> "That file is too big for me: the limit is " + limits.maxMegabytes() + " MB.";
      case TOO_LONG -> "That recording is too long for me: the limit is " + Spoken.minutes(limits.maxAudio()) + ".";
      case UNSUPPORTED_MEDIA -> "I can only transcribe audio and video files.";
      case BUSY -> "I'm transcribing a lot right now. Please try again in a minute.";
      case DOWNLOAD_FAILED -> "I couldn't fetch that file from Discord. Please try again.";
      case REJECTED_KEY, OUT_OF_CREDITS -> "Transcription is unavailable at the moment. Please try again later.";
      case SERVICE_ERROR -> "The transcription service is having trouble right now. Please try again in a few minutes.";
      case RATE_LIMITED, TRANSPORT ->
          "The transcription service isn't answering right now. Please try again in a few minutes.";
      case DEADLINE -> "That took too long, so I stopped waiting. Please try again later.";
      case JOB_FAILED, BAD_REQUEST, NOT_FOUND -> "Sorry, I couldn't transcribe that recording.";
    };
  }

  static String unknownCommand() {
    return "I don't know that command any more. Discord may still be updating its list; try again in a minute.";
  }

  static String unexpected() {
    return "Something went wrong on my side. Please try again.";
  }

  // ---- /autotranscribe ----

  static String needsManageServer() {
    return "You need the **Manage Server** permission to change auto-transcription.";
  }

  static String serverOnly() {
    return "Auto-transcription is set up per server. In direct messages I always transcribe voice messages.";
  }

  static String autoChannel(String channelMention, boolean on) {
    return on
        ? "Voice messages in " + channelMention + " will now be transcribed automatically."
        : "Voice messages in " + channelMention + " won't be transcribed automatically any more.";
  }

  static String autoServer(boolean on) {
    return on
        ? "Voice messages in this server will now be transcribed automatically"
            + " (except in channels where it was switched off)."
        : "Voice messages in this server won't be transcribed automatically any more"
            + " (except in channels where it was switched on).";
  }

  static String autoNeedsTheBotInTheServer() {
    return "I'm not a member of this server, so I can't see its voice messages. Ask an admin to add me first.";
  }

  static String autoNeedsMessageContent() {
    return "-# Heads-up: I can't see attachments in server messages yet. The bot's operator needs to"
        + " switch on the Message Content intent for me.";
  }
}
