package dev.voxscribe.discord;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Spending;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
      case QUOTA -> "You've reached a daily limit. Please try again tomorrow.";
      case NOT_ALLOWED -> notAllowed();
    };
  }

  /** The failure's sentence; a refusal by a limit says which, what is left and when it resets. */
  static String failure(TranscriptionException e, TranscriptionLimits limits) {
    return e.refusal().map(Messages::refusal).orElseGet(() -> failure(e.kind(), limits));
  }

  // ---- limits (VOXSCRIBE_*_MINUTES_PER_DAY, _DAILY_BUDGET_USD, _USER_QUEUE, _ALLOWED) ----

  static final String USAGE_DESCRIPTION = "Your transcription minutes today, and the limits";
  static final String STATS_DESCRIPTION = "Operators only: what the bot transcribed and spent";

  static String notAllowed() {
    return "Sorry, I'm not available here.";
  }

  static String refusal(Refusal r) {
    String they = "They reset " + resets(r);
    return switch (r.limit()) {
      case USER_MINUTES -> r.usedUp()
          ? "You've used your " + Spoken.minutes(r.allowance()) + " for today. " + they
          : "That recording is longer than the " + Spoken.span(r.left()) + " you have left today (of "
              + Spoken.minutes(r.allowance()) + "). " + they;
      case CHAT_MINUTES -> r.usedUp()
          ? "This server has used its " + Spoken.minutes(r.allowance()) + " for today. " + they
          : "That recording is longer than the " + Spoken.span(r.left()) + " this server has left today (of "
              + Spoken.minutes(r.allowance()) + "). " + they;
      case DAILY_BUDGET -> "I've spent my daily budget of $" + r.budgetUsd().toPlainString()
          + " on transcriptions. It resets " + resets(r);
      case USER_QUEUE -> "Too many at once: you already have " + r.jobs()
          + " recordings waiting. Send more when those are done.";
      case NOT_ALLOWED -> notAllowed();
    };
  }

  private static String resets(Refusal r) {
    return "at " + r.resetsAt().map(at -> DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(at)).orElse("00:00") + " UTC, in " + Spoken.until(r.resetsIn().orElse(Duration.ZERO)) + ".";
  }

  static String usage(Spending.Usage u, Instant now) {
    StringBuilder b = new StringBuilder("**Today** you used ").append(amount(u.used(), u.allowance()))
        .append(" (").append(jobs(u.jobs())).append(").");
    u.chat().ifPresent(c -> b.append("\nThis server: ").append(amount(c.used(), c.allowance()))
        .append(" (").append(jobs(c.jobs())).append(")."));
    if (u.admin()) b.append("\nYou're an operator of this bot: no limits apply to you.");
    b.append("\n-# Daily limits reset at 00:00 UTC, in ").append(Spoken.until(Duration.between(now, u.resetsAt())))
        .append(".");
    return b.toString();
  }

  private static String amount(Duration used, Duration allowance) {
    return allowance.isZero() ? Spoken.span(used) + " (no daily limit)" : Spoken.span(used) + " of " + Spoken.span(allowance);
  }

  private static String jobs(long n) {
    return n + (n == 1 ? " transcription" : " transcriptions");
  }

  static String statsOperatorsOnly() {
    return "Only the bot's operators can see its statistics.";
  }

  static String stats(Spending.Stats s) {
    StringBuilder b = new StringBuilder("**Today:** ").append(period(s.today()))
        .append("\n**This month:** ").append(period(s.month()));
    if (!s.month().busiest().isEmpty()) {
      b.append("\n**Busiest this month:** ").append(String.join(", ", s.month().busiest().stream()
          .map(x -> "`" + x.chat() + "` " + Spoken.span(x.used())).toList()));
    }
    b.append("\n**Refused today:** ").append(refusals(s.today()))
        .append("\n**Refused this month:** ").append(refusals(s.month()));
    return b.toString();
  }

  private static String period(Spending.Period p) {
    return p.creates() + " paid jobs, " + p.cacheHits() + " answered from the cache, " + Spoken.span(p.audio())
        + " of audio, $" + p.usd().setScale(Math.max(2, p.usd().scale()), RoundingMode.UNNECESSARY).toPlainString()
        + (p.credits() > 0 ? " (" + p.credits() + " credits)" : "") + ".";
  }

  private static String refusals(Spending.Period p) {
    return "person's minutes " + p.refusals().get(Limit.USER_MINUTES) + ", server's minutes "
        + p.refusals().get(Limit.CHAT_MINUTES) + ", budget " + p.refusals().get(Limit.DAILY_BUDGET)
        + ", too many at once " + p.refusals().get(Limit.USER_QUEUE) + ", not allowed " + p.refusals().get(Limit.NOT_ALLOWED) + ".";
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
