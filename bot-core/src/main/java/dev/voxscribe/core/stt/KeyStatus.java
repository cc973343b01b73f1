package dev.voxscribe.core.stt;

import java.math.BigDecimal;

/** What {@code GET /v2/billing} said about the API key. */
public sealed interface KeyStatus {
  /** The key works; the account holds {@code balance} of {@code currency} (empty when not given). */
  record Valid(BigDecimal balance, String currency) implements KeyStatus {}

  /** The service refused the key: 401 (missing or invalid) or 403 (not allowed, e.g. a management key). */
  record Rejected(int status, String message) implements KeyStatus {}

  /** The service could not say: network failure, timeout, 5xx, 429 or an unreadable answer. */
  record Unknown(String reason) implements KeyStatus {}
}
