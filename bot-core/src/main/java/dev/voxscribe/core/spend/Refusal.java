package dev.voxscribe.core.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Why a request was refused before anything was spent, with what users are told: which limit,
 * how much is left and when it resets.
 *
 * @param limit the limit
 * @param allowance the daily minutes of a minutes limit (zero otherwise)
 * @param left what is left of those minutes today (zero when used up)
 * @param budgetUsd the daily budget of a budget refusal (zero otherwise)
 * @param jobs the number of waiting jobs allowed, for a queue refusal (zero otherwise)
 * @param resetsAt when a daily limit starts afresh (00:00 UTC)
 * @param resetsIn how long from the refusal until then, on the ledger's clock
 */
public record Refusal(Limit limit, Duration allowance, Duration left, BigDecimal budgetUsd, int jobs,
    Optional<Instant> resetsAt, Optional<Duration> resetsIn) {

  static Refusal minutes(Limit limit, Duration allowance, Duration left, Instant resetsAt, Instant now) {
    return new Refusal(limit, allowance, left.isNegative() ? Duration.ZERO : left, BigDecimal.ZERO, 0,
        Optional.of(resetsAt), Optional.of(Duration.between(now, resetsAt)));
  }

  static Refusal budget(BigDecimal budgetUsd, Instant resetsAt, Instant now) {
    return new Refusal(Limit.DAILY_BUDGET, Duration.ZERO, Duration.ZERO, budgetUsd, 0, Optional.of(resetsAt),
        Optional.of(Duration.between(now, resetsAt)));
  }

  /** A person has {@code jobs} jobs waiting already. */
  public static Refusal queue(int jobs) {
    return new Refusal(Limit.USER_QUEUE, Duration.ZERO, Duration.ZERO, BigDecimal.ZERO, jobs, Optional.empty(),
        Optional.empty());
  }

  static Refusal notAllowed() {
    return new Refusal(Limit.NOT_ALLOWED, Duration.ZERO, Duration.ZERO, BigDecimal.ZERO, 0, Optional.empty(),
        Optional.empty());
  }

  /** Whether nothing at all is left (as opposed to too little for this recording). */
  public boolean usedUp() {
    return left.isZero();
  }

  /** For logs: never shown to users as is. */
  public String describe() {
    return switch (limit) {
      case USER_MINUTES, CHAT_MINUTES -> limit.label() + ": " + left.toSeconds() + " s left of " + allowance.toMinutes() + " min";
      case DAILY_BUDGET -> "daily budget of " + budgetUsd.toPlainString() + " USD reached";
      case USER_QUEUE -> jobs + " jobs of this person already waiting";
      case NOT_ALLOWED -> "not on the allowlist, or on the blocklist";
    };
  }
}
