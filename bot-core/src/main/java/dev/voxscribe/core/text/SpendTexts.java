package dev.voxscribe.core.text;

import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Spending;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What the spending limits say ("Spend under control"), {@code /usage} and {@code /stats}, put
 * together once for every platform from the words in that adapter's bundle, in the reader's
 * language. The bundle holds the keys {@code span.*} (short lengths of time), {@code limit.seconds}
 * and {@code limit.minutes} (an allowance), {@code limits.*}, {@code usage.*} and {@code stats.*};
 * each platform words them its own way (a Telegram chat, a Discord server; emoji or bold).
 */
public final class SpendTexts {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Texts texts;
  private final Locale locale;

  public SpendTexts(Texts texts, Locale locale) {
    this.texts = texts;
    this.locale = locale;
  }

  private String t(String key, Object... args) {
    return texts.text(locale, key, args);
  }

  /** A span in short words, rounded down: "3 h 12 min", "45 min", "30 s"; "0 min" for nothing. */
  public String span(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      long m = (s % 3600) / 60;
      return m == 0 ? t("span.h", "h", s / 3600) : t("span.hm", "h", s / 3600, "m", m);
    }
    if (s >= 60 || s == 0) return t("span.min", "m", s / 60);
    return t("span.s", "s", s);
  }

  /** Time until {@code d} has passed, never "0": "3 h 12 min", "1 min". */
  public String until(Duration d) {
    return span(d.toSeconds() < 60 ? Duration.ofMinutes(1) : d);
  }

  /** An allowance in words: "20 minutes", "1 minute", "90 seconds" (plural forms of the language). */
  public String allowance(Duration d) {
    long s = d.toSeconds();
    return s % 60 != 0 || s < 60 ? t("limit.seconds", "seconds", s) : t("limit.minutes", "minutes", s / 60);
  }

  public String notAllowed() {
    return t("limits.notAllowed");
  }

  /** Which limit said no, what is left and when it resets. */
  public String refusal(Refusal r) {
    String when = when(r);
    String reset = t("limits.reset", "when", when);
    String allowance = allowance(r.allowance());
    return switch (r.limit()) {
      case USER_MINUTES -> r.usedUp()
          ? t("limits.userUsedUp", "allowance", allowance, "reset", reset)
          : t("limits.userLeft", "left", span(r.left()), "allowance", allowance, "reset", reset);
      case CHAT_MINUTES -> r.usedUp()
          ? t("limits.chatUsedUp", "allowance", allowance, "reset", reset)
          : t("limits.chatLeft", "left", span(r.left()), "allowance", allowance, "reset", reset);
      case DAILY_BUDGET -> t("limits.budget", "budget", r.budgetUsd().toPlainString(), "when", when);
      case USER_QUEUE -> t("limits.queue", "jobs", r.jobs());
      case NOT_ALLOWED -> notAllowed();
    };
  }

  private String when(Refusal r) {
    return t("limits.when", "time", r.resetsAt().map(CLOCK::format).orElse("00:00"),
        "in", until(r.resetsIn().orElse(Duration.ZERO)));
  }

  /** {@code /usage}: the person's day, the chat's or server's, the limits and when they reset. */
  public String usage(Spending.Usage u, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(t("usage.you", "amount", amount(u.used(), u.allowance()), "jobs", u.jobs()));
    u.chat().ifPresent(c -> lines.add(t("usage.chat", "amount", amount(c.used(), c.allowance()), "jobs", c.jobs())));
    if (u.admin()) lines.add(t("usage.admin"));
    lines.add(t("usage.resets", "in", until(Duration.between(now, u.resetsAt()))));
    return String.join("\n", lines);
  }

  private String amount(Duration used, Duration allowance) {
    return allowance.isZero()
        ? t("usage.unlimited", "used", span(used))
        : t("usage.of", "used", span(used), "allowance", span(allowance));
  }

  public String operatorsOnly() {
    return t("stats.operatorsOnly");
  }

  /**
   * {@code /stats}: today and this month.
   *
   * @param chatLabel how a busiest chat's scope is shown (Discord puts it in code)
   */
  public String stats(Spending.Stats s, UnaryOperator<String> chatLabel) {
    List<String> lines = new ArrayList<>();
    lines.add(t("stats.today", "period", period(s.today())));
    lines.add(t("stats.month", "period", period(s.month())));
    if (!s.month().busiest().isEmpty()) {
      lines.add(t("stats.busiest", "chats", String.join(", ", s.month().busiest().stream()
          .map(x -> chatLabel.apply(x.chat()) + " " + span(x.used())).toList())));
    }
    lines.add(t("stats.refusedToday", "refusals", refusals(s.today())));
    lines.add(t("stats.refusedMonth", "refusals", refusals(s.month())));
    return String.join("\n", lines);
  }

  private String period(Spending.Period p) {
    String usd = p.usd().setScale(Math.max(2, p.usd().scale()), RoundingMode.UNNECESSARY).toPlainString();
    return p.credits() > 0
        ? t("stats.periodCredits", "creates", p.creates(), "hits", p.cacheHits(), "audio", span(p.audio()), "usd", usd,
            "credits", p.credits())
        : t("stats.period", "creates", p.creates(), "hits", p.cacheHits(), "audio", span(p.audio()), "usd", usd);
  }

  private String refusals(Spending.Period p) {
    return t("stats.refusals", "user", count(p, Limit.USER_MINUTES), "chat", count(p, Limit.CHAT_MINUTES),
        "budget", count(p, Limit.DAILY_BUDGET), "queue", count(p, Limit.USER_QUEUE), "denied", count(p, Limit.NOT_ALLOWED));
  }

  private static long count(Spending.Period p, Limit limit) {
    Long n = p.refusals().get(limit);
    return n == null ? 0 : n;
  }
}
