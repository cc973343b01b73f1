package dev.voxscribe.core.deliver;

import dev.voxscribe.core.format.TextChunks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a job's sections (one per transcribed file) into a {@link DeliveryPlan} within a platform's
 * limits: one message when it fits, several cut at sentence ends when it does not (nothing lost),
 * a text file when even that would take more than {@code maxMessages}.
 *
 * @param maxChars the platform's limit on one message's text
 * @param maxMessages more messages than this and the transcript comes as a file
 * @param fileName the attached file's name
 * @param footersWhenSplit whether the small print stays when the text takes several messages (else
 *     it is shown only under a text that fits one message)
 */
public record DeliveryPlanner(int maxChars, int maxMessages, String fileName, boolean footersWhenSplit) {
  public DeliveryPlanner {
    if (maxChars < 2) throw new IllegalArgumentException("message limit must be at least 2, got " + maxChars);
    if (maxMessages < 1) throw new IllegalArgumentException("messages per answer must be at least 1, got " + maxMessages);
    if (fileName.isBlank()) throw new IllegalArgumentException("file name must not be blank");
  }

  /**
   * One file's part of the answer.
   *
   * @param label shown above it when a job has several files (the platform's formatting)
   * @param body the transcript or the failure note, formatted for the platform
   * @param footer small print under it (language, length), formatted for the platform
   * @param plain the same in plain text, for the file
   * @param failed whether this part is a failure note
   */
  public record Section(Optional<String> label, String body, Optional<String> footer, String plain, boolean failed) {
    public static Section of(String body, Optional<String> footer, String plain) {
      return new Section(Optional.empty(), body, footer, plain, false);
    }

    public static Section failure(String note) {
      return new Section(Optional.empty(), note, Optional.empty(), note, true);
    }

    public Section labelled(String newLabel, String plainLabel) {
      return new Section(Optional.of(newLabel), body, footer, plainLabel + "\n" + plain, failed);
    }

    String rendered(boolean withFooter) {
      return label.map(l -> l + "\n").orElse("") + body + (withFooter ? footer.orElse("") : "");
    }
  }

  /**
   * @param fileNote the message sent in place of the text when it comes as a file
   * @param caption the file's caption, from the whole plain text (platforms that show none ignore it)
   */
  public DeliveryPlan plan(List<Section> sections, String fileNote, Function<String, Optional<String>> caption) {
    if (sections.isEmpty()) throw new IllegalArgumentException("a plan needs at least one section");
    boolean failed = sections.stream().allMatch(Section::failed);
    String whole = String.join("\n\n", sections.stream().map(s -> s.rendered(true)).toList());
    if (whole.length() <= maxChars) return new DeliveryPlan(List.of(whole), Optional.empty(), failed);
    String split = footersWhenSplit ? whole : String.join("\n\n", sections.stream().map(s -> s.rendered(false)).toList());
    List<String> chunks = new ArrayList<>(TextChunks.split(split, maxChars));
    if (chunks.size() <= maxMessages) return new DeliveryPlan(chunks, Optional.empty(), failed);
    String plain = String.join("\n\n", sections.stream().map(Section::plain).toList());
    return new DeliveryPlan(List.of(fileNote),
        Optional.of(new DeliveryPlan.TextFile(fileName, plain, caption.apply(plain.strip()))), failed);
  }
}
