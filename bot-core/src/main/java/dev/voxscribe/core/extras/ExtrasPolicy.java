package dev.voxscribe.core.extras;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator allows.
 *
 * @param model the chat model ({@code VOXSCRIBE_LLM_MODEL})
 * @param buttons which buttons are offered ({@code VOXSCRIBE_BUTTONS}); empty: none, and no chat-model spend
 * @param keepFor how long a transcript shown with buttons is kept for them ({@code VOXSCRIBE_CACHE_TTL});
 *     zero keeps nothing and offers no buttons
 * @param autoSummaryAfter voice notes longer than this get a summary unasked ({@code VOXSCRIBE_AUTO_SUMMARY_SECONDS})
 * @param chatTimeout how long one chat answer may take before the presser is told to try again
 */
public record ExtrasPolicy(
    String model, Set<Action> buttons, Duration keepFor, Optional<Duration> autoSummaryAfter, Duration chatTimeout) {
  /** Shorter transcripts get no Summary button: a summary of two sentences helps nobody. */
  public static final int SUMMARY_MIN_CHARS = 400;

  public ExtrasPolicy {
    if (model.isBlank()) throw new IllegalArgumentException("chat model must not be blank");
    buttons = buttons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(buttons));
    if (keepFor.isNegative()) throw new IllegalArgumentException("keep duration must not be negative, got " + keepFor);
    if (chatTimeout.isNegative() || chatTimeout.isZero()) {
      throw new IllegalArgumentException("chat timeout must be positive, got " + chatTimeout);
    }
  }

  /** Every button, kept a day, no auto summary: what tests of the adapters start from. */
  public static ExtrasPolicy defaults(String model) {
    return new ExtrasPolicy(model, EnumSet.allOf(Action.class), Duration.ofHours(24), Optional.empty(),
        Duration.ofSeconds(60));
  }

  public ExtrasPolicy withButtons(Set<Action> newButtons) {
    return new ExtrasPolicy(model, newButtons, keepFor, autoSummaryAfter, chatTimeout);
  }

  public ExtrasPolicy withAutoSummaryAfter(Optional<Duration> after) {
    return new ExtrasPolicy(model, buttons, keepFor, after, chatTimeout);
  }
}
