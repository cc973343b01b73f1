package dev.voxscribe.core.extras;

import dev.voxscribe.core.FailureKind;

/** What a press produced; adapters choose the words for each case. */
public sealed interface ExtraResult {
  /**
   * A summary or a translation; {@code fresh} when the chat model was asked just now.
   *
   * @param language the language translated into (a code); empty for a summary
   */
  record Text(String text, boolean fresh, java.util.Optional<String> language) implements ExtraResult {
    public Text(String text, boolean fresh) {
      this(text, fresh, java.util.Optional.empty());
    }
  }

  /** Subtitles, as a file to send. */
  record File(String name, String content) implements ExtraResult {}

  /** The transcript is already in {@code language} (a code), and so is the presser. */
  record SameLanguage(String language) implements ExtraResult {}

  /** The kept transcript is gone (expired, or never kept): the buttons no longer work. */
  record Expired() implements ExtraResult {}

  /** This transcript cannot have it (subtitles without word timings, a button switched off). */
  record Unavailable() implements ExtraResult {}

  /** The limits said no before the chat model was asked (access list, quota, budget): nothing spent. */
  record Refused(dev.voxscribe.core.spend.Refusal refusal) implements ExtraResult {}

  /** The chat model failed; nothing was kept. */
  record Failed(FailureKind kind) implements ExtraResult {}
}
