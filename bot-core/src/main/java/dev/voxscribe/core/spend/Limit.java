package dev.voxscribe.core.spend;

import java.util.Locale;

/** The limit a refusal names. */
public enum Limit {
  /** {@code VOXSCRIBE_USER_MINUTES_PER_DAY}. */
  USER_MINUTES,
  /** {@code VOXSCRIBE_CHAT_MINUTES_PER_DAY}. */
  CHAT_MINUTES,
  /** {@code VOXSCRIBE_DAILY_BUDGET_USD}. */
  DAILY_BUDGET,
  /** {@code VOXSCRIBE_USER_QUEUE}: too many of one person's jobs waiting at once. */
  USER_QUEUE,
  /** {@code VOXSCRIBE_ALLOWED} / {@code VOXSCRIBE_BLOCKED}. */
  NOT_ALLOWED;

  /** The name in metrics and counters: {@code user_minutes}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
