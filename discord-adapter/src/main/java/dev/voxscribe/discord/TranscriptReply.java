package dev.voxscribe.discord;

import dev.voxscribe.core.deliver.DeliveryPlan;
import dev.voxscribe.core.deliver.DeliveryPlanner;
import dev.voxscribe.core.format.PlainText;
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
 * @param fileNote the message that carries the transcript when it goes as a file
 * @param plainText the whole reply as plain text, the content of that file
 */
record TranscriptReply(List<String> messages, Optional<byte[]> file, boolean allFailed, String fileNote,
    String plainText) {
  /** Discord's limit on message content. */
  static final int MAX_CHARS = 2000;
  /** More messages than this and the transcript comes as a file. */
  static final int MAX_MESSAGES = 3;

  TranscriptReply {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) throw new IllegalArgumentException("a reply needs at least one message");
  }

  /** Discord's limits, for the platform-neutral planner every adapter shares. */
  private static final DeliveryPlanner PLANNER =
      new DeliveryPlanner(MAX_CHARS, MAX_MESSAGES, Messages.transcriptFileName(), true);

  /** A reply of our own texts only (no transcript), its file fallback in English. */
  TranscriptReply(List<String> messages, Optional<byte[]> file, boolean allFailed) {
    this(messages, file, allFailed, Messages.ENGLISH.transcriptRefusedAsFile(), String.join("\n\n", messages) + "\n");
  }

  /**
   * The same reply without the characters platforms refuse (control characters, unpaired
   * surrogates); empty when nothing would remain of it.
   */
  Optional<TranscriptReply> cleaned() {
    List<String> clean = messages.stream().map(PlainText::clean).map(String::strip).filter(t -> !t.isEmpty()).toList();
    if (clean.isEmpty()) return Optional.empty();
    return Optional.of(new TranscriptReply(clean,
        file.map(bytes -> PlainText.clean(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)),
        allFailed, fileNote, PlainText.clean(plainText)));
  }

  /** The whole reply as {@code transcript.txt} under {@link #fileNote}, the last way to deliver it. */
  TranscriptReply asFile() {
    String text = PlainText.clean(plainText);
    return new TranscriptReply(List.of(PlainText.clean(fileNote)), Optional.of(text.getBytes(StandardCharsets.UTF_8)),
        allFailed, fileNote, text);
  }

  /** As {@link #of(List, TranscriptionLimits, Messages)}, in English. */
  static TranscriptReply of(List<Outcome> outcomes, TranscriptionLimits limits) {
    return of(outcomes, limits, Messages.ENGLISH);
  }

  /** The reply to {@code outcomes}, its notes (failures, language, length) in the language of {@code m}. */
  static TranscriptReply of(List<Outcome> outcomes, TranscriptionLimits limits, Messages m) {
    TranscriptReply planned = of(plan(outcomes, limits, m));
    return new TranscriptReply(planned.messages(), planned.file(), planned.allFailed(), m.transcriptRefusedAsFile(),
        plainText(outcomes, limits, m));
  }

  /** What to send for {@code outcomes}: the plan a resumed job is delivered by too. */
  static DeliveryPlan plan(List<Outcome> outcomes, TranscriptionLimits limits, Messages m) {
    boolean labelled = outcomes.size() > 1;
    List<DeliveryPlanner.Section> sections = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      // The file ends with a newline, as a text file should.
      String plain = plain(o, limits, m) + (i == outcomes.size() - 1 ? "\n" : "");
      DeliveryPlanner.Section section = section(o, limits, plain, m);
      sections.add(labelled ? section.labelled(Messages.label(o.filename()), o.filename()) : section);
    }
    return PLANNER.plan(sections, m.transcriptAsFile(), whole -> Optional.empty());
  }

  /**
   * Carries a plan out as Discord messages: the file, if any, goes with the first message. A plan
   * kept for a resumed job does not hold the reader's language: should Discord refuse its text, the
   * file comes with the English note.
   */
  static TranscriptReply of(DeliveryPlan plan) {
    String plain = plan.file().map(DeliveryPlan.TextFile::content).orElseGet(() -> String.join("\n\n", plan.messages()) + "\n");
    return new TranscriptReply(plan.messages(), plan.file().map(f -> f.content().getBytes(StandardCharsets.UTF_8)),
        plan.failed(), Messages.ENGLISH.transcriptRefusedAsFile(), plain);
  }

  /** The whole reply as plain text, as {@code transcript.txt} holds it: labelled by file name when several. */
  private static String plainText(List<Outcome> outcomes, TranscriptionLimits limits, Messages m) {
    StringBuilder b = new StringBuilder();
    for (Outcome o : outcomes) {
      if (b.length() > 0) b.append("\n\n");
      if (outcomes.size() > 1) b.append(o.filename()).append('\n');
      b.append(plain(o, limits, m));
    }
    return b.append('\n').toString();
  }

  private static DeliveryPlanner.Section section(Outcome o, TranscriptionLimits limits, String plain, Messages m) {
    if (o instanceof Outcome.Done done) {
      // Escaped: a transcript that starts with "#" or holds "*" or a link must read as said, not render.
      String body = done.summary().map(s -> m.autoSummary(s) + "\n\n").orElse("")
          + (done.transcript().isBlank() ? m.noSpeech() : DiscordText.escape(done.transcript().text().strip()));
      Optional<String> details = m.details(done.transcript().language(),
          done.transcript().audioDuration().or(done::announcedLength)).map(d -> "\n" + d);
      return new DeliveryPlanner.Section(Optional.empty(), body, details, plain, false);
    }
    Outcome.Failed failed = (Outcome.Failed) o;
    String note = m.failure(failed.error(), limits);
    return new DeliveryPlanner.Section(Optional.empty(), note, Optional.empty(), plain, true);
  }

  private static String plain(Outcome o, TranscriptionLimits limits, Messages m) {
    if (o instanceof Outcome.Done done) {
      return done.summary().map(s -> s.strip() + "\n\n").orElse("") + done.transcript().text().strip();
    }
    return m.failure(((Outcome.Failed) o).error(), limits);
  }
}
