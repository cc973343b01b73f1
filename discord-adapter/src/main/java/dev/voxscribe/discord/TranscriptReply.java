package dev.voxscribe.discord;

import dev.voxscribe.core.format.TextChunks;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messages that carry a set of outcomes: one message when it fits Discord's 2000 characters,
 * several when it does not (cut at sentence ends, nothing lost), a {@code transcript.txt} when
 * even that would flood the channel.
 *
 * @param messages the message texts, in order; never empty
 * @param file the plain-text transcript to attach to the first message, when too long for messages
 * @param allFailed whether no outcome produced a transcript (commands then answer privately)
 */
record TranscriptReply(List<String> messages, Optional<byte[]> file, boolean allFailed) {
  /** Discord's limit on message content. */
  static final int MAX_CHARS = 2000;
  /** More messages than this and the transcript comes as a file. */
  static final int MAX_MESSAGES = 3;

  TranscriptReply {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) throw new IllegalArgumentException("a reply needs at least one message");
  }

  /** As {@link #of(List, TranscriptionLimits, Messages)}, in English. */
  static TranscriptReply of(List<Outcome> outcomes, TranscriptionLimits limits) {
    return of(outcomes, limits, Messages.ENGLISH);
  }

  /** The reply to {@code outcomes}, its notes (failures, language, length) in the language of {@code m}. */
  static TranscriptReply of(List<Outcome> outcomes, TranscriptionLimits limits, Messages m) {
    boolean labelled = outcomes.size() > 1;
    boolean allFailed = outcomes.stream().allMatch(o -> o instanceof Outcome.Failed);
    List<String> sections = new ArrayList<>();
    for (Outcome o : outcomes) sections.add(section(o, labelled, limits, m));
    String whole = String.join("\n\n", sections);
    if (whole.length() <= MAX_CHARS) return new TranscriptReply(List.of(whole), Optional.empty(), allFailed);
    List<String> chunks = TextChunks.split(whole, MAX_CHARS);
    if (chunks.size() <= MAX_MESSAGES) return new TranscriptReply(chunks, Optional.empty(), allFailed);
    return new TranscriptReply(List.of(m.transcriptAsFile()),
        Optional.of(plainText(outcomes, labelled, limits, m).getBytes(StandardCharsets.UTF_8)), allFailed);
  }

  private static String section(Outcome o, boolean labelled, TranscriptionLimits limits, Messages m) {
    StringBuilder b = new StringBuilder();
    if (labelled) b.append(Messages.label(o.filename())).append('\n');
    if (o instanceof Outcome.Done done) {
      // Escaped: a transcript that starts with "#" or holds "*" or a link must read as said, not render.
      b.append(done.transcript().isBlank() ? m.noSpeech() : DiscordText.escape(done.transcript().text().strip()));
      m.details(done.transcript().language(),
              done.transcript().audioDuration().or(done::announcedLength))
          .ifPresent(d -> b.append('\n').append(d));
    } else if (o instanceof Outcome.Failed failed) {
      b.append(m.failure(failed.error(), limits));
    }
    return b.toString();
  }

  private static String plainText(List<Outcome> outcomes, boolean labelled, TranscriptionLimits limits, Messages m) {
    StringBuilder b = new StringBuilder();
    for (Outcome o : outcomes) {
      if (b.length() > 0) b.append("\n\n");
      if (labelled) b.append(o.filename()).append('\n');
      if (o instanceof Outcome.Done done) {
        b.append(done.transcript().text().strip());
      } else if (o instanceof Outcome.Failed failed) {
        b.append(m.failure(failed.error(), limits));
      }
    }
    return b.append('\n').toString();
  }
}
