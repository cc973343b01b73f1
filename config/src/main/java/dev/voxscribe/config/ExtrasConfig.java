package dev.voxscribe.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The buttons under transcripts and the chat model behind them.
 *
 * @param llmModel {@code VOXSCRIBE_LLM_MODEL}: the chat model for summaries and translations
 * @param buttons {@code VOXSCRIBE_BUTTONS}: {@code summary}, {@code translate}, {@code subtitles}, in
 *     that order when present; empty: no buttons and no chat-model spend
 * @param autoSummaryAfter {@code VOXSCRIBE_AUTO_SUMMARY_SECONDS}: voice notes longer than this get
 *     a summary unasked; empty: never
 */
public record ExtrasConfig(String llmModel, List<String> buttons, Optional<Duration> autoSummaryAfter) {
  public static final List<String> ALL_BUTTONS = List.of("summary", "translate", "subtitles");

  public ExtrasConfig {
    buttons = List.copyOf(buttons);
  }
}
