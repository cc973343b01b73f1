package dev.voxscribe.core.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The spending limits. {@link Duration#ZERO} minutes and {@code 0} jobs mean no limit.
 *
 * @param userMinutesPerDay {@code VOXSCRIBE_USER_MINUTES_PER_DAY}
 * @param chatMinutesPerDay {@code VOXSCRIBE_CHAT_MINUTES_PER_DAY}
 * @param userJobsAtOnce {@code VOXSCRIBE_USER_JOBS_AT_ONCE}
 * @param userQueue {@code VOXSCRIBE_USER_QUEUE}
 * @param dailyBudgetUsd {@code VOXSCRIBE_DAILY_BUDGET_USD}; empty (or zero) means no cap
 * @param pricePerMinuteUsd {@code VOXSCRIBE_PRICE_PER_MINUTE_USD}: the estimate when the service sends no cost
 * @param access {@code VOXSCRIBE_ALLOWED}, {@code VOXSCRIBE_BLOCKED}, {@code VOXSCRIBE_ADMINS}
 */
public record SpendPolicy(
    Duration userMinutesPerDay,
    Duration chatMinutesPerDay,
    int userJobsAtOnce,
    int userQueue,
    Optional<BigDecimal> dailyBudgetUsd,
    BigDecimal pricePerMinuteUsd,
    Access access) {

  /** A conservative price per audio minute, above the AI/ML API's speech-to-text list prices. */
  public static final BigDecimal DEFAULT_PRICE_PER_MINUTE_USD = new BigDecimal("0.02");

  /** Nothing limited, no one refused. */
  public static final SpendPolicy UNLIMITED = new SpendPolicy(Duration.ZERO, Duration.ZERO, 0, 0, Optional.empty(),
      DEFAULT_PRICE_PER_MINUTE_USD, Access.OPEN);

  public SpendPolicy {
    if (userMinutesPerDay.isNegative() || chatMinutesPerDay.isNegative()) {
      throw new IllegalArgumentException("daily minutes must not be negative");
    }
    if (userJobsAtOnce < 0 || userQueue < 0) throw new IllegalArgumentException("job counts must not be negative");
    if (pricePerMinuteUsd.signum() < 0) throw new IllegalArgumentException("price must not be negative");
    dailyBudgetUsd = dailyBudgetUsd.filter(b -> b.signum() > 0);
  }

  /** The defaults of the README: 60 minutes a person, 600 a chat, 3 at once, 20 waiting. */
  public static SpendPolicy defaults() {
    return new SpendPolicy(Duration.ofMinutes(60), Duration.ofMinutes(600), 3, 20, Optional.empty(),
        DEFAULT_PRICE_PER_MINUTE_USD, Access.OPEN);
  }

  public SpendPolicy withUserMinutes(Duration d) {
    return new SpendPolicy(d, chatMinutesPerDay, userJobsAtOnce, userQueue, dailyBudgetUsd, pricePerMinuteUsd, access);
  }

  public SpendPolicy withChatMinutes(Duration d) {
    return new SpendPolicy(userMinutesPerDay, d, userJobsAtOnce, userQueue, dailyBudgetUsd, pricePerMinuteUsd, access);
  }

  public SpendPolicy withJobs(int atOnce, int queue) {
    return new SpendPolicy(userMinutesPerDay, chatMinutesPerDay, atOnce, queue, dailyBudgetUsd, pricePerMinuteUsd, access);
  }

  public SpendPolicy withBudget(Optional<BigDecimal> usd, BigDecimal pricePerMinute) {
    return new SpendPolicy(userMinutesPerDay, chatMinutesPerDay, userJobsAtOnce, userQueue, usd, pricePerMinute, access);
  }

  public SpendPolicy withAccess(Access a) {
    return new SpendPolicy(userMinutesPerDay, chatMinutesPerDay, userJobsAtOnce, userQueue, dailyBudgetUsd, pricePerMinuteUsd, a);
  }
}
