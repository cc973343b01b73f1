package dev.voxscribe.core.spend;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads the AI/ML API's cost headers from any answer, whatever HTTP client carried it: give it a
 * header lookup. Malformed or negative values are ignored (the answer itself still counts).
 */
public final class CostHeaders {
  public static final String USD_SPENT = "x-aimlapi-usd-spent";
  public static final String CREDITS_USED = "x-aimlapi-credits-used";
  /** The id the service records the charge under; for async generations the generation id. */
  public static final String INFERENCE_ID = "x-inference-id";

  private CostHeaders() {}

  /** @param header the first value of a header by its name, case-insensitively */
  public static Cost read(Function<String, Optional<String>> header) {
    Optional<BigDecimal> usd = header.apply(USD_SPENT).flatMap(CostHeaders::decimal);
    OptionalLong credits = header.apply(CREDITS_USED).flatMap(CostHeaders::decimal)
        .map(d -> OptionalLong.of(d.longValue())).orElse(OptionalLong.empty());
    return new Cost(usd, credits);
  }

  private static Optional<BigDecimal> decimal(String raw) {
    try {
      BigDecimal d = new BigDecimal(raw.strip());
      return d.signum() < 0 ? Optional.empty() : Optional.of(d);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
