package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Spending;
import java.time.Instant;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.format.Spoken;
import dev.voxscribe.core.text.SpendTexts;
import dev.voxscribe.core.text.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Every text a Telegram user reads, in one place: short, friendly, without internal names. The
 * words are in {@code messages_<lang>.properties} next to this class (English is the reference);
 * {@link #to(Message)} and {@link #to(ReplyTarget)} pick the reader's language. Plain text (no
 * parse mode), so transcripts never need escaping.
 */
final class Messages {
  private static final Logger log = LoggerFactory.getLogger(Messages.class);
  static final Texts TEXTS = Texts.load(Messages.class, "messages");

  private final long maxMegabytes;
  private final Duration maxAudio;
  private final @Nullable ChatSettings settings;
  private final Locale locale;

  /**
   * @param maxMegabytes the file size limit users are told (the smaller of ours and Telegram's)
   * @param maxAudio the audio length limit
   */
  Messages(long maxMegabytes, Duration maxAudio) {
    this(maxMegabytes, maxAudio, null, Locale.ENGLISH);
  }

  /** As above, with the store that holds each group's {@code /ui} choice. */
  Messages(long maxMegabytes, Duration maxAudio, ChatSettings settings) {
    this(maxMegabytes, maxAudio, settings, Locale.ENGLISH);
  }

  private Messages(long maxMegabytes, Duration maxAudio, @Nullable ChatSettings settings, Locale locale) {
    this.maxMegabytes = maxMegabytes;
    this.maxAudio = maxAudio;
    this.settings = settings;
    this.locale = locale;
  }

  /** The same texts in {@code locale} (English where it is not supported). */
  Messages in(Locale locale) {
    return new Messages(maxMegabytes, maxAudio, settings, Texts.supported(locale.toLanguageTag()));
  }

  /** The texts for a reply to {@code message}: see {@link #to(ReplyTarget)}. */
  Messages to(Message message) {
    return to(ReplyTarget.to(message));
  }

  /**
   * The texts for a reply: a private chat gets its user's language; a group its {@code /ui}
   * choice, or with {@code /ui auto} (the default) the language of the person the reply answers.
   */
  Messages to(ReplyTarget target) {
    return in(Texts.supported(language(target.chatId(), target.askerLanguage())));
  }

  private String language(long chatId, String askerLanguage) {
    if (chatId > 0 || settings == null) return askerLanguage; // positive ids are private chats
    try {
      return settings.ui(chatId).filter(ui -> !ui.equals(ChatSettings.UI_AUTO)).orElse(askerLanguage);
    } catch (RuntimeException e) {
      log.warn("Could not read the interface language of chat {}: {}", chatId, e.toString());
      return askerLanguage;
    }
  }

  Locale locale() {
    return locale;
  }

  private String t(String key, Object... args) {
    return TEXTS.text(locale, key, args);
  }

  // ---- command menu (setMyCommands) ----

  /** The command menu's line for {@code /name}, or {@code fallback} for a command without a text here. */
  String menu(String name, String fallback) {
    return TEXTS.pattern(Locale.ENGLISH, "menu." + name).isPresent() ? t("menu." + name) : fallback;
  }

  static final String MENU_START = TEXTS.text(Locale.ENGLISH, "menu.start");
  static final String MENU_HELP = TEXTS.text(Locale.ENGLISH, "menu.help");
  static final String MENU_TRANSCRIBE = TEXTS.text(Locale.ENGLISH, "menu.transcribe");
  static final String MENU_AUTO = TEXTS.text(Locale.ENGLISH, "menu.auto");
  static final String MENU_LANGUAGE = TEXTS.text(Locale.ENGLISH, "menu.language");
  static final String MENU_UI = TEXTS.text(Locale.ENGLISH, "menu.ui");
  static final String MENU_USAGE = TEXTS.text(Locale.ENGLISH, "menu.usage");
  static final String MENU_STATS = TEXTS.text(Locale.ENGLISH, "menu.stats");
  static final String MENU_PROGRESS = TEXTS.text(Locale.ENGLISH, "menu.progress");

  /** The title of the bot's answer to a guest query (shown by some clients, not in the chat). */
  String guestResultTitle() {
    return t("guest.title");
  }

  // ---- help ----

  String helpPrivate() {
    return t("help.private", "megabytes", maxMegabytes, "limit", limit(maxAudio));
  }

  String helpGroup() {
    return t("help.group");
  }

  String privateHint() {
    return t("hint.private");
  }

  // ---- transcription ----

  String working() {
    return t("working");
  }

  String noSpeech() {
    return t("noSpeech");
  }

  String notAudio() {
    return t("notAudio");
  }

  String transcribeHowTo() {
    return t("transcribe.howTo");
  }

  String nothingToTranscribe() {
    return t("transcribe.nothing");
  }

  String sentAsFile() {
    return t("sentAsFile");
  }

  /** In place of "Transcribing…" when Telegram refused the transcript as text and it follows as a file. */
  String refusedAsFile() {
    return t("refusedAsFile");
  }

  /** The document's caption: its length and what is known about the audio. */
  String fileCaption(Transcript t, int characters) {
    List<String> parts = new ArrayList<>();
    parts.add(t("file.caption", "characters", characters));
    details(t).ifPresent(parts::add);
    return String.join(" · ", parts);
  }

  /** A short footer with the language and length, when the service said them. */
  Optional<String> footer(Transcript t) {
    return details(t).map(d -> "\n\n🗣 " + d);
  }

  private Optional<String> details(Transcript t) {
    List<String> parts = new ArrayList<>();
    t.language().map(code -> Spoken.languageName(code, locale)).ifPresent(parts::add);
    t.audioDuration().filter(d -> !d.isZero()).map(Spoken::clock).ifPresent(parts::add);
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", parts));
  }

  /** A limit in words, in the reader's language: "20 minutes", "20 Minuten", "21 минута". */
  String limit(Duration d) {
    long s = d.toSeconds();
    return s % 60 != 0 || s < 60 ? t("limit.seconds", "seconds", s) : t("limit.minutes", "minutes", s / 60);
  }

  // ---- guest mode (mentioned in a chat the bot is not in) ----

  String guestHowTo() {
    return t("guest.howTo");
  }

  /** Ends a guest answer that holds only the start of the transcript. */
  String guestRestInPrivate() {
    return "\n\n" + t("guest.restInPrivate");
  }

  /** As above, when the caller never started the bot, so it cannot write to them yet. */
  String guestStartMe(String botUsername) {
    return "\n\n" + t("guest.startMe", "link", "https://t.me/" + botUsername);
  }

  /** The first private message before a whole transcript asked for as a guest. */
  String guestPrivateIntro(String chatTitle) {
    return chatTitle.isBlank() ? t("guest.intro") : t("guest.introIn", "chat", chatTitle);
  }

  // ---- buttons under a transcript ----

  String buttonLabel(Action action) {
    return t("button." + action.name().toLowerCase(Locale.ROOT));
  }

  /** The toast shown at once when a button is pressed (at most 200 characters). */
  String pressed(Action action) {
    return t("pressed." + action.name().toLowerCase(Locale.ROOT));
  }

  /** The toast for a press under a guest answer: the result comes privately (at most 200 characters). */
  String pressedFromGuest(String botUsername) {
    return t("pressed.guest", "bot", "@" + botUsername);
  }

  String expired() {
    return t("extras.expired");
  }

  String unavailable() {
    return t("extras.unavailable");
  }

  String summary(String text) {
    return t("extras.summaryHeader") + "\n\n" + text;
  }

  /** A translation under its header, the language named in the reader's language. */
  String translation(String languageCode, String text) {
    return "🌐 " + capitalized(Spoken.languageName(languageCode, locale)) + "\n\n" + text;
  }

  /** "английский" → "Английский" as a header; most languages name languages in lower case. */
  private String capitalized(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
  }

  String alreadyInLanguage(String languageCode) {
    return t("extras.alreadyIn", "language", Spoken.languageName(languageCode, locale));
  }

  String subtitlesCaption() {
    return t("extras.subtitles");
  }

  /** The chat model failed or the press was refused: short, and the transcript stays as it is. */
  String extraFailed(Action action, FailureKind kind) {
    if (kind == FailureKind.QUOTA) return t("failure.quota");
    String what = action == Action.SUMMARY ? "summary" : "translation";
    String why = switch (kind) {
      case DEADLINE -> "deadline";
      case BUSY, RATE_LIMITED -> "busy";
      default -> "other";
    };
    return t("extras.failed." + what + "." + why);
  }

  /**
   * A press the limits refused, as a callback alert (Telegram shows at most 200 characters): which
   * limit and when it resets, or the short daily-limit sentence when that says too much.
   */
  String extraRefused(Refusal r) {
    String full = refusal(r);
    return full.length() <= 200 ? full : t("failure.quota");
  }

  /** The summary shown above a long voice note's transcript, unasked. */
  String autoSummary(String summary) {
    return "📝 " + summary;
  }

  // ---- /progress ----

  String progressStatus(boolean reaction) {
    return t(reaction ? "progress.statusReaction" : "progress.statusMessage");
  }

  String progressSet(boolean reaction) {
    return t(reaction ? "progress.setReaction" : "progress.setMessage");
  }

  String progressUsage() {
    return t("progress.usage");
  }

  String progressPrivate() {
    return t("progress.private");
  }

  // ---- failures ----

  String tooLarge() {
    return t("failure.tooLarge", "megabytes", maxMegabytes);
  }

  String tooLong() {
    return t("failure.tooLong", "limit", limit(maxAudio));
  }

  String failure(FailureKind kind) {
    return switch (kind) {
      case TOO_LARGE -> tooLarge();
      case TOO_LONG -> tooLong();
      case UNSUPPORTED_MEDIA -> notAudio();
      case BUSY, RATE_LIMITED -> t("failure.busy");
      case DOWNLOAD_FAILED -> t("failure.download");
      case REJECTED_KEY, OUT_OF_CREDITS -> t("failure.unavailable");
      case SERVICE_ERROR -> t("failure.service");
      case TRANSPORT -> t("failure.transport");
      case DEADLINE -> t("failure.deadline");
      case INTERRUPTED -> t("failure.interrupted");
      case BAD_REQUEST, NOT_FOUND, JOB_FAILED -> t("failure.other");
      case QUOTA -> t("failure.quota");
      case NOT_ALLOWED -> notAllowed();
    };
  }

  // ---- limits (VOXSCRIBE_*_MINUTES_PER_DAY, _DAILY_BUDGET_USD, _USER_QUEUE, _ALLOWED) ----

  String notAllowed() {
    return spend().notAllowed();
  }

  /** Which limit said no, what is left and when it resets. */
  String refusal(Refusal r) {
    return spend().refusal(r);
  }

  /** {@code /usage}: the person's day, the chat's, the limits and when they reset. */
  String usage(Spending.Usage u, Instant now) {
    return spend().usage(u, now);
  }

  String statsOperatorsOnly() {
    return spend().operatorsOnly();
  }

  /** {@code /stats}: today and this month. */
  String stats(Spending.Stats s) {
    return spend().stats(s, chat -> chat);
  }

  private SpendTexts spend() {
    return new SpendTexts(TEXTS, locale);
  }

  // ---- settings ----

  String autoPrivate() {
    return t("auto.private");
  }

  String autoStatus(boolean on) {
    return on ? t("auto.statusOn") : t("auto.statusOff");
  }

  String autoSet(boolean on) {
    return on ? t("auto.setOn") : t("auto.setOff");
  }

  String autoUsage() {
    return t("auto.usage");
  }

  String adminsOnly() {
    return t("adminsOnly");
  }

  String languageStatus(Optional<String> setting) {
    return setting.filter(s -> !s.equalsIgnoreCase(ChatSettings.DETECT))
        .map(code -> t("language.status", "language", Spoken.languageName(code, locale), "code", code))
        .orElse(t("language.statusDetect"));
  }

  String languageSet(String setting) {
    return setting.equalsIgnoreCase(ChatSettings.DETECT)
        ? t("language.setDetect")
        : t("language.set", "language", Spoken.languageName(setting, locale), "code", setting);
  }

  String languageUsage() {
    return t("language.usage");
  }

  String settingsFailed() {
    return t("settingsFailed");
  }

  // ---- /ui: the language the bot writes in ----

  String uiPrivate() {
    return t("ui.private");
  }

  String uiStatus(Optional<String> setting) {
    return setting.filter(s -> !s.equals(ChatSettings.UI_AUTO))
        .map(code -> t("ui.status", "language", Spoken.languageName(code, locale)))
        .orElse(t("ui.statusAuto"));
  }

  String uiSet(String setting) {
    return setting.equals(ChatSettings.UI_AUTO)
        ? t("ui.setAuto")
        : t("ui.set", "language", Spoken.languageName(setting, locale));
  }

  String uiUsage() {
    return t("ui.usage", "codes", String.join(", ", uiCodes()));
  }

  /** The codes {@code /ui} accepts, as users type them. */
  static List<String> uiCodes() {
    return Texts.SUPPORTED.stream().map(Locale::toLanguageTag).toList();
  }
}
