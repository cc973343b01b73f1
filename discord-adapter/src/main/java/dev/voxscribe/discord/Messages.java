package dev.voxscribe.discord;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Spending;
import java.time.Instant;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.format.Spoken;
import dev.voxscribe.core.text.SpendTexts;
import dev.voxscribe.core.text.Texts;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.localization.LocalizationFunction;

/**
 * Every text a Discord user sees from the bot, in one place. Short, friendly, no internal names.
 * The words are in {@code messages_<lang>.properties} next to this class (English is the
 * reference); {@link #to(Interaction)} answers in the interaction's {@code locale}. Whatever
 * comes from outside (file names, what a user typed) is escaped with {@link DiscordText}.
 */
final class Messages {
  static final Texts TEXTS = Texts.load(Messages.class, "messages");
  static final Messages ENGLISH = new Messages(Locale.ENGLISH);

  /** The Discord locales each supported language serves (Spanish twice: Spain and Latin America). */
  static final Map<DiscordLocale, Locale> DISCORD_LOCALES = discordLocales();

  private final Locale locale;

  private Messages(Locale locale) {
    this.locale = locale;
  }

  /** The texts in {@code locale}, English where it is not supported. */
  static Messages in(Locale locale) {
    Locale l = Texts.supported(locale.toLanguageTag());
    return l.equals(Locale.ENGLISH) ? ENGLISH : new Messages(l);
  }

  /** The texts in a Discord locale ({@code fr}, {@code pt-BR}, {@code es-419}); English for the rest. */
  static Messages in(DiscordLocale locale) {
    return locale == DiscordLocale.UNKNOWN ? ENGLISH : in(Locale.forLanguageTag(locale.getLocale()));
  }

  /** The texts for an answer to {@code interaction}: in the language of the user's Discord client. */
  static Messages to(Interaction interaction) {
    return in(interaction.getUserLocale());
  }

  Locale locale() {
    return locale;
  }

  private String t(String key, Object... args) {
    return TEXTS.text(locale, key, args);
  }

  // ---- command and option descriptions (shown in Discord's command picker) ----

  static final String TRANSCRIBE_DESCRIPTION = ENGLISH.t("cmd.transcribe.description");
  static final String FILE_DESCRIPTION = ENGLISH.t("cmd.transcribe.options.file.description");
  static final String LANGUAGE_DESCRIPTION = ENGLISH.t("cmd.transcribe.options.language.description");
  static final String PRIVATE_DESCRIPTION = ENGLISH.t("cmd.transcribe.options.private.description");
  static final String MENU_NAME = "Transcribe";
  static final String AUTO_DESCRIPTION = ENGLISH.t("cmd.autotranscribe.description");
  static final String AUTO_ON_DESCRIPTION = ENGLISH.t("cmd.autotranscribe.on.description");
  static final String AUTO_OFF_DESCRIPTION = ENGLISH.t("cmd.autotranscribe.off.description");
  static final String AUTO_SERVER_DESCRIPTION = ENGLISH.t("cmd.autotranscribe.on.options.server.description");
  static final String AUTO_UI_DESCRIPTION = ENGLISH.t("cmd.autotranscribe.on.options.ui.description");
  static final String HELP_DESCRIPTION = ENGLISH.t("cmd.help.description");

  /**
   * Names and descriptions of commands, subcommands and options in every supported locale, for
   * JDA to send as {@code name_localizations} and {@code description_localizations}. JDA asks for
   * keys such as {@code transcribe.options.file.description}; the bundles hold them as
   * {@code cmd.<key>}. A key without a text anywhere gets no localizations (Discord then shows
   * the English one).
   */
  static final LocalizationFunction LOCALIZATION = key -> {
    Map<DiscordLocale, String> out = new EnumMap<>(DiscordLocale.class);
    String ours = "cmd." + key;
    if (TEXTS.pattern(Locale.ENGLISH, ours).isEmpty()) return out;
    DISCORD_LOCALES.forEach((discord, locale) -> TEXTS.pattern(locale, ours).ifPresent(p -> out.put(discord, TEXTS.text(locale, ours))));
    return out;
  };

  /**
   * The message menu's name in every supported locale. JDA's localization keys are lower-cased
   * and would give the menu the slash command's lower-case name, so the menu sets its own.
   */
  static Map<DiscordLocale, String> menuNameLocalizations() {
    Map<DiscordLocale, String> out = new EnumMap<>(DiscordLocale.class);
    DISCORD_LOCALES.forEach((discord, locale) -> out.put(discord, TEXTS.text(locale, "menu.transcribe.name")));
    return out;
  }

  private static Map<DiscordLocale, Locale> discordLocales() {
    Map<DiscordLocale, Locale> m = new EnumMap<>(DiscordLocale.class);
    for (DiscordLocale d : DiscordLocale.values()) {
      if (d == DiscordLocale.UNKNOWN || d.getLocale().startsWith("en")) continue;
      if (d.getLocale().equals("pt-PT")) continue; // Discord has no European Portuguese: only pt-BR
      Locale l = Texts.supported(d.getLocale());
      if (!l.equals(Locale.ENGLISH)) m.put(d, l);
    }
    return Map.copyOf(m);
  }

  /** The {@code /autotranscribe ui} choices: {@code auto} (the server's language) and each supported language. */
  static List<String> uiChoices() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(AutoSettings.UI_AUTO),
        Texts.SUPPORTED.stream().map(Locale::toLanguageTag)).toList();
  }

  // ---- /help ----

  String help(TranscriptionLimits limits) {
    return t("help", "megabytes", limits.maxMegabytes(), "limit", limit(limits.maxAudio()));
  }

  // ---- refusals before any work ----

  String notMedia(String filename) {
    return t("notMedia", "file", DiscordText.escape(filename));
  }

  String noMediaInMessage() {
    return t("noMediaInMessage");
  }

  String badLanguage(String given) {
    return t("badLanguage", "given", DiscordText.escape(given));
  }

  // ---- transcripts ----

  String noSpeech() {
    return t("noSpeech");
  }

  /** The small grey line under a transcript: language and length, whichever is known. */
  Optional<String> details(Optional<String> language, Optional<Duration> length) {
    StringBuilder b = new StringBuilder();
    language.map(code -> Spoken.languageName(code, locale)).ifPresent(b::append);
    length.filter(d -> !d.isZero()).ifPresent(d -> {
      if (b.length() > 0) b.append(" · ");
      b.append(Spoken.clock(d));
    });
    return b.length() == 0 ? Optional.empty() : Optional.of("-# " + b);
  }

  static String label(String filename) {
    return "**" + DiscordText.escape(filename) + "**";
  }

  String transcriptAsFile() {
    return t("transcriptAsFile");
  }

  /** The note on {@code transcript.txt} when Discord refused the transcript as messages. */
  String transcriptRefusedAsFile() {
    return t("transcriptRefusedAsFile");
  }

  static String transcriptFileName() {
    return "transcript.txt";
  }

  /** A limit in words, in the reader's language: "20 minutes", "20 Minuten", "21 минута". */
  String limit(Duration d) {
    long s = d.toSeconds();
    return s % 60 != 0 || s < 60 ? t("limit.seconds", "seconds", s) : t("limit.minutes", "minutes", s / 60);
  }

  // ---- buttons under a transcript ----

  String buttonLabel(Action action) {
    return t("button." + action.name().toLowerCase(Locale.ROOT));
  }

  /** A button's label when a message has several transcripts: which file it is for (80 characters at most). */
  String buttonLabel(Action action, String filename) {
    String label = buttonLabel(action) + " · " + filename;
    return label.length() <= 80 ? label : label.substring(0, 79) + "…";
  }

  /** The summary above a long voice message's transcript, unasked (escaped: it is the chat model's text). */
  String autoSummary(String summary) {
    return "📝 " + DiscordText.escape(summary.strip());
  }

  String expired() {
    return t("extras.expired");
  }

  String unavailable() {
    return t("extras.unavailable");
  }

  String summary(String text) {
    return "**" + t("extras.summaryHeader") + "**\n" + DiscordText.escape(text);
  }

  /** A translation under its header, the language named in the reader's language. */
  String translation(String languageCode, String text) {
    return "**" + capitalized(Spoken.languageName(languageCode, locale)) + "**\n" + DiscordText.escape(text);
  }

  /** "английский" → "Английский" as a header; most languages name languages in lower case. */
  private String capitalized(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
  }

  String alreadyInLanguage(String languageCode) {
    return t("extras.alreadyIn", "language", Spoken.languageName(languageCode, locale));
  }

  String subtitles() {
    return t("extras.subtitles");
  }

  /** The chat model failed or was refused: short, and the transcript stays as it is. */
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

  // ---- failures ----

  /** One short sentence per failure; the details stay in the log. */
  String failure(FailureKind kind, TranscriptionLimits limits) {
    return switch (kind) {
      case TOO_LARGE -> t("failure.tooLarge", "megabytes", limits.maxMegabytes());
      case TOO_LONG -> t("failure.tooLong", "limit", limit(limits.maxAudio()));
      case UNSUPPORTED_MEDIA -> t("failure.unsupported");
      case BUSY -> t("failure.busy");
      case DOWNLOAD_FAILED -> t("failure.download");
      case REJECTED_KEY, OUT_OF_CREDITS -> t("failure.unavailable");
      case SERVICE_ERROR -> t("failure.service");
      case RATE_LIMITED, TRANSPORT -> t("failure.transport");
      case DEADLINE -> t("failure.deadline");
      case INTERRUPTED -> t("failure.interrupted");
      case JOB_FAILED, BAD_REQUEST, NOT_FOUND -> t("failure.other");
      case QUOTA -> t("failure.quota");
      case NOT_ALLOWED -> notAllowed();
    };
  }

  /** The failure's sentence; a refusal by a limit says which, what is left and when it resets. */
  String failure(TranscriptionException e, TranscriptionLimits limits) {
    return e.refusal().map(this::refusal).orElseGet(() -> failure(e.kind(), limits));
  }

  // ---- limits (VOXSCRIBE_*_MINUTES_PER_DAY, _DAILY_BUDGET_USD, _USER_QUEUE, _ALLOWED) ----

  static final String USAGE_DESCRIPTION = ENGLISH.t("cmd.usage.description");
  static final String STATS_DESCRIPTION = ENGLISH.t("cmd.stats.description");

  String notAllowed() {
    return spend().notAllowed();
  }

  /** Which limit said no, what is left and when it resets. */
  String refusal(Refusal r) {
    return spend().refusal(r);
  }

  /** {@code /usage}: the person's day, the server's, the limits and when they reset. */
  String usage(Spending.Usage u, Instant now) {
    return spend().usage(u, now);
  }

  String statsOperatorsOnly() {
    return spend().operatorsOnly();
  }

  /** {@code /stats}: today and this month; chats and servers by their scope, in code. */
  String stats(Spending.Stats s) {
    return spend().stats(s, chat -> "`" + chat + "`");
  }

  private SpendTexts spend() {
    return new SpendTexts(TEXTS, locale);
  }

  String unknownCommand() {
    return t("unknownCommand");
  }

  String unexpected() {
    return t("unexpected");
  }

  // ---- /autotranscribe ----

  String needsManageServer() {
    return t("auto.needsManageServer");
  }

  String serverOnly() {
    return t("auto.serverOnly");
  }

  String autoChannel(String channelMention, boolean on) {
    return on ? t("auto.channelOn", "channel", channelMention) : t("auto.channelOff", "channel", channelMention);
  }

  String autoServer(boolean on) {
    return on ? t("auto.serverOn") : t("auto.serverOff");
  }

  /** The line added when {@code ui} was given: the language transcripts' notes are written in now. */
  String autoUi(String setting) {
    return setting.equals(AutoSettings.UI_AUTO)
        ? t("auto.uiAuto")
        : t("auto.ui", "language", Spoken.languageName(setting, locale));
  }

  String autoNeedsTheBotInTheServer() {
    return t("auto.needsTheBotInTheServer");
  }

  String autoNeedsMessageContent() {
    return "-# " + t("auto.needsMessageContent");
  }
}
