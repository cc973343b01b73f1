package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Spending;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.voxscribe.core.format.Spoken;
import dev.voxscribe.core.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every text a Telegram user reads, in one place: short, friendly, without internal names.
 * Plain text (no parse mode), so transcripts never need escaping.
 */
final class Messages {
  private final long maxMegabytes;
  private final Duration maxAudio;

  /**
   * @param maxMegabytes the file size limit users are told (the smaller of ours and Telegram's)
   * @param maxAudio the audio length limit
   */
  Messages(long maxMegabytes, Duration maxAudio) {
    this.maxMegabytes = maxMegabytes;
    this.maxAudio = maxAudio;
  }

  // ---- command menu (setMyCommands) ----

  static final String MENU_START = "Start: what this bot does";
  static final String MENU_HELP = "How to use this bot";
  static final String MENU_TRANSCRIBE = "Reply to a voice, audio or video message to transcribe it";
  static final String MENU_AUTO = "Automatic transcription in this group: on or off";
  static final String MENU_USAGE = "Your transcription minutes today, and the limits";
  static final String MENU_STATS = "Operators: what the bot transcribed and spent";
  static final String MENU_LANGUAGE = "Language to expect: a code like en, or auto";

  /** The title of the bot's answer to a guest query (shown by some clients, not in the chat). */
  static final String GUEST_RESULT_TITLE = "Transcript";

  // ---- help ----

  String helpPrivate() {
    return "🎙 I turn voice messages into text.\n\n"
        + "Send or forward me a voice note, an audio file, a video note or a video, and I reply with the transcript.\n\n"
        + "/language <code> sets the language to expect (for example /language de); /language auto detects it.\n\n"
        + "Up to " + maxMegabytes + " MB and " + Spoken.minutes(maxAudio) + " per file.";
  }

  String helpGroup() {
    return "🎙 I turn voice messages into text.\n\n"
        + "In groups I transcribe voice notes and video notes automatically. For audio files and videos, "
        + "reply /transcribe to the message.\n\n"
        + "/transcribe (as a reply) transcribes that message\n"
        + "/auto on|off turns automatic transcription on or off (admins)\n"
        + "/language <code>|auto sets the language to expect (admins)\n\n"
        + "To hear voice notes without being asked, I need to see the group's messages: make me an admin, "
        + "or have my owner turn privacy mode off in @BotFather (/setprivacy).";
  }

  String privateHint() {
    return "Send me a voice note, audio or video and I'll transcribe it. /help tells you more.";
  }

  // ---- transcription ----

  String working() {
    return "🎧 Transcribing…";
  }

  String noSpeech() {
    return "🤷 I couldn't hear any speech in that.";
  }

  String notAudio() {
    return "I can only transcribe voice notes, audio and video (including audio or video files sent as documents).";
  }

  String transcribeHowTo() {
    return "Reply /transcribe to a voice note, audio or video message.";
  }

  String nothingToTranscribe() {
    return "That message has no voice, audio or video to transcribe.";
  }

  String sentAsFile() {
    return "📄 The transcript is long, so here it is as a file.";
  }

  /** The document's caption: its length and what is known about the audio. */
  String fileCaption(Transcript t, int characters) {
    List<String> parts = new ArrayList<>();
    parts.add("Transcript, " + String.format(Locale.ROOT, "%,d", characters) + " characters");
    details(t).ifPresent(parts::add);
    return String.join(" · ", parts);
  }

  /** A short footer with the language and length, when the service said them. */
  Optional<String> footer(Transcript t) {
    return details(t).map(d -> "\n\n🗣 " + d);
  }

  private static Optional<String> details(Transcript t) {
    List<String> parts = new ArrayList<>();
    t.language().map(Spoken::languageName).ifPresent(parts::add);
    t.audioDuration().filter(d -> !d.isZero()).map(Spoken::clock).ifPresent(parts::add);
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", parts));
  }

  // ---- guest mode (mentioned in a chat the bot is not in) ----

  String guestHowTo() {
    return "🎙 Reply to a voice note, audio or video and mention me there: I'll post its transcript.";
  }

  /** Ends a guest answer that holds only the start of the transcript. */
  String guestRestInPrivate() {
    return "\n\n📩 The whole transcript is in our private chat.";
  }

  /** As above, when the caller never started the bot, so it cannot write to them yet. */
  String guestStartMe(String botUsername) {
    return "\n\n📩 The whole transcript is longer: open https://t.me/" + botUsername
        + " and press Start, and I'll send it to you.";
  }

  /** The first private message before a whole transcript asked for as a guest. */
  String guestPrivateIntro(String chatTitle) {
    return chatTitle.isBlank()
        ? "📝 Here is the whole transcript you asked for:"
        : "📝 Here is the whole transcript you asked for in “" + chatTitle + "”:";
  }

  // ---- failures ----

  String tooLarge() {
    return "📦 That file is too big for me: the limit is " + maxMegabytes + " MB.";
  }

  String tooLong() {
    return "⏱ That recording is too long for me: the limit is " + Spoken.minutes(maxAudio) + ".";
  }

  String failure(FailureKind kind) {
    return switch (kind) {
      case TOO_LARGE -> tooLarge();
      case TOO_LONG -> tooLong();
      case UNSUPPORTED_MEDIA -> notAudio();
      case BUSY, RATE_LIMITED -> "⏳ I'm busy right now. Please try again in a minute.";
      case DOWNLOAD_FAILED -> "⚠️ I couldn't get that file from Telegram. Please send it again.";
      case REJECTED_KEY, OUT_OF_CREDITS -> "⚠️ Transcription is unavailable at the moment. Please try again later.";
      case SERVICE_ERROR -> "⚠️ The transcription service is having trouble right now. Please try again in a few minutes.";
      case TRANSPORT -> "⚠️ I can't reach the transcription service right now. Please try again in a few minutes.";
      case DEADLINE -> "⌛ That took too long, so I gave up. Please try again later.";
      case BAD_REQUEST, NOT_FOUND, JOB_FAILED -> "⚠️ Sorry, I couldn't transcribe that one.";
      case QUOTA -> "⏳ You've reached a daily limit. Please try again tomorrow.";
      case NOT_ALLOWED -> notAllowed();
    };
  }

  // ---- limits (VOXSCRIBE_*_MINUTES_PER_DAY, _DAILY_BUDGET_USD, _USER_QUEUE, _ALLOWED) ----

  String notAllowed() {
    return "Sorry, this bot isn't available here.";
  }

  /** Which limit said no, what is left and when it resets. */
  String refusal(Refusal r) {
    String they = "They reset " + resets(r);
    return switch (r.limit()) {
      case USER_MINUTES -> r.usedUp()
          ? "⏳ You've used your " + Spoken.minutes(r.allowance()) + " for today. " + they
          : "⏳ That recording is longer than the " + Spoken.span(r.left()) + " you have left today (of "
              + Spoken.minutes(r.allowance()) + "). " + they;
      case CHAT_MINUTES -> r.usedUp()
          ? "⏳ This chat has used its " + Spoken.minutes(r.allowance()) + " for today. " + they
          : "⏳ That recording is longer than the " + Spoken.span(r.left()) + " this chat has left today (of "
              + Spoken.minutes(r.allowance()) + "). " + they;
      case DAILY_BUDGET -> "⏳ I've spent my daily budget of $" + r.budgetUsd().toPlainString()
          + " on transcriptions. It resets " + resets(r);
      case USER_QUEUE -> "⏳ Too many at once: you already have " + r.jobs()
          + " recordings waiting. Send more when those are done.";
      case NOT_ALLOWED -> notAllowed();
    };
  }

  private static String resets(Refusal r) {
    return "at " + r.resetsAt().map(at -> DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(at)).orElse("00:00") + " UTC, in " + Spoken.until(r.resetsIn().orElse(Duration.ZERO)) + ".";
  }

  /** {@code /usage}: the person's day, the chat's, the limits and when they reset. */
  String usage(Spending.Usage u, Instant now) {
    StringBuilder b = new StringBuilder("📊 Today you used ").append(amount(u.used(), u.allowance()))
        .append(" (").append(jobs(u.jobs())).append(").");
    u.chat().ifPresent(c -> b.append("\nThis chat: ").append(amount(c.used(), c.allowance()))
        .append(" (").append(jobs(c.jobs())).append(")."));
    if (u.admin()) b.append("\nYou're an operator of this bot: no limits apply to you.");
    b.append("\nDaily limits reset at 00:00 UTC, in ").append(Spoken.until(Duration.between(now, u.resetsAt()))).append(".");
    return b.toString();
  }

  private static String amount(Duration used, Duration allowance) {
    return allowance.isZero()
        ? Spoken.span(used) + " (no daily limit)"
        : Spoken.span(used) + " of " + Spoken.span(allowance);
  }

  private static String jobs(long n) {
    return n + (n == 1 ? " transcription" : " transcriptions");
  }

  String statsOperatorsOnly() {
    return "Only the bot's operators can see its statistics.";
  }

  /** {@code /stats}: today and this month. */
  String stats(Spending.Stats s) {
    StringBuilder b = new StringBuilder("📈 Today: ").append(period(s.today()))
        .append("\nThis month: ").append(period(s.month()));
    if (!s.month().busiest().isEmpty()) {
      b.append("\nBusiest chats this month: ").append(s.month().busiest().stream()
          .map(x -> x.chat() + " " + Spoken.span(x.used())).reduce((x, y) -> x + ", " + y).orElse(""));
    }
    b.append("\nRefused today: ").append(refusals(s.today())).append("\nRefused this month: ").append(refusals(s.month()));
    return b.toString();
  }

  private static String period(Spending.Period p) {
    return p.creates() + " paid jobs, " + p.cacheHits() + " answered from the cache, " + Spoken.span(p.audio())
        + " of audio, $" + p.usd().setScale(Math.max(2, p.usd().scale()), java.math.RoundingMode.UNNECESSARY).toPlainString()
        + (p.credits() > 0 ? " (" + p.credits() + " credits)" : "") + ".";
  }

  private static String refusals(Spending.Period p) {
    return "person's minutes " + p.refusals().get(Limit.USER_MINUTES) + ", chat's minutes " + p.refusals().get(Limit.CHAT_MINUTES)
        + ", budget " + p.refusals().get(Limit.DAILY_BUDGET) + ", too many at once " + p.refusals().get(Limit.USER_QUEUE)
        + ", not allowed " + p.refusals().get(Limit.NOT_ALLOWED) + ".";
  }

  // ---- settings ----

  String autoPrivate() {
    return "In private chats I always transcribe what you send. /auto is for groups.";
  }

  String autoStatus(boolean on) {
    return on
        ? "Automatic transcription is on here: I transcribe voice notes and video notes. /auto off turns it off."
        : "Automatic transcription is off here. Reply /transcribe to a message, or /auto on to turn it on.";
  }

  String autoSet(boolean on) {
    return on
        ? "✅ Automatic transcription is on: I'll transcribe voice notes and video notes here."
        : "✅ Automatic transcription is off. Reply /transcribe to a message when you need one.";
  }

  String autoUsage() {
    return "Use /auto on or /auto off.";
  }

  String adminsOnly() {
    return "Only the group's admins can change that.";
  }

  String languageStatus(Optional<String> setting) {
    return setting.filter(s -> !s.equalsIgnoreCase(ChatSettings.DETECT))
        .map(code -> "I expect " + Spoken.languageName(code) + " (" + code + ") here. /language auto detects the language instead.")
        .orElse("I detect the language by myself here. /language <code> (for example /language de) sets one.");
  }

  String languageSet(String setting) {
    return setting.equalsIgnoreCase(ChatSettings.DETECT)
        ? "✅ I'll detect the language by myself."
        : "✅ I'll expect " + Spoken.languageName(setting) + " (" + setting + ").";
  }

  String languageUsage() {
    return "Use /language followed by a language code such as en, de or pt-BR, or /language auto.";
  }

  String settingsFailed() {
    return "⚠️ I couldn't save that. Please try again.";
  }
}
