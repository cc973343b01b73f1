package dev.voxscribe.telegram;

import dev.voxscribe.core.deliver.DeliveryPlan.Part;
import dev.voxscribe.core.format.TextChunks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a transcript reads in Telegram messages. Up to about a thousand characters it is plain text
 * with its footer. Longer, it sits in an expandable quote (HTML {@code <blockquote expandable>},
 * escaped by {@link TelegramHtml}), so a long voice note does not fill the chat; the quote is still
 * split at sentence ends past 4096 characters, one quote per message, and never cut.
 */
final class TranscriptLayout {
  /** Longer transcripts are shown collapsed. */
  static final int EXPANDABLE_AFTER = 1000;
  static final String HTML = "HTML";
  /** Room kept in each message for the footer or a header line. */
  private static final int RESERVE = 400;

  private TranscriptLayout() {}

  /**
   * The messages of a transcript, in order, or empty when it needs more than {@code maxMessages}
   * (it then goes as a file).
   *
   * @param header shown above the transcript (an automatic summary), plain text
   */
  static Optional<List<Part>> of(String text, Optional<String> footer, Optional<String> header, int maxMessages) {
    String head = header.map(h -> h + "\n\n").orElse("");
    if (text.length() <= EXPANDABLE_AFTER) {
      String whole = head + text + footer.orElse("");
      if (whole.length() <= Transcriber.MAX_MESSAGE) return Optional.of(List.of(new Part(whole, Optional.empty())));
    }
    if (text.length() <= EXPANDABLE_AFTER) {
      // Short text, long header: the header alone, then the transcript.
      return Optional.of(List.of(new Part(head.strip(), Optional.empty()),
          new Part(text + footer.orElse(""), Optional.empty())));
    }
    boolean fits = head.length() + text.length() + footer.orElse("").length() <= Transcriber.MAX_MESSAGE;
    List<String> chunks = fits ? List.of(text) : TextChunks.split(text, Transcriber.MAX_MESSAGE - RESERVE);
    if (chunks.size() > maxMessages) return Optional.empty();
    List<Part> out = new ArrayList<>(chunks.size() + 1);
    // A header above a transcript of several messages goes alone: the chunks have no room to spare.
    if (!fits && !head.isEmpty()) out.add(new Part(head.strip(), Optional.empty()));
    for (int i = 0; i < chunks.size(); i++) {
      StringBuilder b = new StringBuilder();
      if (i == 0 && fits && !head.isEmpty()) b.append(TelegramHtml.escape(head));
      b.append("<blockquote expandable>").append(TelegramHtml.escape(chunks.get(i))).append("</blockquote>");
      if (i == chunks.size() - 1 && fits) footer.ifPresent(f -> b.append(TelegramHtml.escape(f)));
      out.add(new Part(b.toString(), Optional.of(HTML)));
    }
    return Optional.of(out);
  }
}
