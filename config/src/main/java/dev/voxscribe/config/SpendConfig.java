package dev.voxscribe.config;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * What the bot may spend, and for whom. {@code 0} means no limit for every quota.
 *
 * @param userMinutesPerDay {@code VOXSCRIBE_USER_MINUTES_PER_DAY}
 * @param chatMinutesPerDay {@code VOXSCRIBE_CHAT_MINUTES_PER_DAY}
 * @param userJobsAtOnce {@code VOXSCRIBE_USER_JOBS_AT_ONCE}
 * @param userQueue {@code VOXSCRIBE_USER_QUEUE}
 * @param dailyBudgetUsd {@code VOXSCRIBE_DAILY_BUDGET_USD}; empty: no cap
 * @param pricePerMinuteUsd {@code VOXSCRIBE_PRICE_PER_MINUTE_USD}
 * @param allowed {@code VOXSCRIBE_ALLOWED}; empty: everyone
 * @param blocked {@code VOXSCRIBE_BLOCKED}
 * @param admins {@code VOXSCRIBE_ADMINS}
 */
public record SpendConfig(
    int userMinutesPerDay,
    int chatMinutesPerDay,
    int userJobsAtOnce,
    int userQueue,
    Optional<BigDecimal> dailyBudgetUsd,
    BigDecimal pricePerMinuteUsd,
    Set<String> allowed,
    Set<String> blocked,
    Set<String> admins) {

  /** The default of {@code VOXSCRIBE_PRICE_PER_MINUTE_USD}: above the service's list prices, so estimates err high. */
  public static final BigDecimal DEFAULT_PRICE_PER_MINUTE_USD = new BigDecimal("0.02");

  public SpendConfig {
    allowed = Set.copyOf(allowed);
    blocked = Set.copyOf(blocked);
    admins = Set.copyOf(admins);
  }
}
