package dev.voxscribe.core.spend;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the service said an answer cost ({@code x-aimlapi-usd-spent}, {@code x-aimlapi-credits-used}),
 * or a sum of such answers. Either part may be missing: not every answer carries them.
 */
public record Cost(Optional<BigDecimal> usd, OptionalLong credits) {
  public static final Cost NONE = new Cost(Optional.empty(), OptionalLong.empty());

  public static Cost usd(BigDecimal usd) {
    return new Cost(Optional.of(usd), OptionalLong.empty());
  }

  public boolean isEmpty() {
    return usd.isEmpty() && credits.isEmpty();
  }

  /** The sum of both; a part missing from both stays missing. */
  public Cost plus(Cost other) {
    Optional<BigDecimal> u = usd.isPresent() || other.usd.isPresent()
        ? Optional.of(usd.orElse(BigDecimal.ZERO).add(other.usd.orElse(BigDecimal.ZERO))) : Optional.empty();
    OptionalLong c = credits.isPresent() || other.credits.isPresent()
        ? OptionalLong.of(credits.orElse(0) + other.credits.orElse(0)) : OptionalLong.empty();
    return new Cost(u, c);
  }
}
