package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What speech models write when they hear silence or music: the sign-offs of the video subtitles
 * they were trained on ("Thank you for watching.", "Subtitles by the Amara.org community"), or one
 * word over and over. A transcript that is only that, with no word heard with more than a low
 * confidence, is no speech at all. This is the one list; {@code SilenceArtefactsTest} holds its cases.
 */
public final class SilenceArtefacts {
  /** A word heard with more confidence than this is taken as really said. */
  static final double LOW_CONFIDENCE = 0.5;

  /** Whole transcripts, compared without case, accents, punctuation or repeated spaces. */
  static final List<String> WHOLE = List.of(
      "Thank you for watching.", "Thanks for watching!", "Thank you so much for watching.",
      "Thank you for watching, and see you next time.", "Thank you.", "Thank you very much.", "Thanks.",
      "Please subscribe.", "Please like and subscribe.", "Like and subscribe.", "Don't forget to like and subscribe.",
      "See you next time.", "See you in the next video.", "Bye.", "Bye-bye.", "You", "[Music]", "(Applause)",
      "Vielen Dank für Ihre Aufmerksamkeit.", "Danke fürs Zuschauen.", "Merci d'avoir regardé.", "Gracias por ver.",
      "Obrigado por assistir.", "Grazie per la visione.", "Продолжение следует...", "Спасибо за просмотр.",
      "ご視聴ありがとうございました");

  /** Beginnings of credit lines that fill silence ("Subtitles by …"). */
  static final List<String> PREFIXES = List.of(
      "Subtitles by", "Subtitle by", "Subtitled by", "Subtitles made by", "Captions by", "Captioning by",
      "Closed captioning by", "Transcribed by", "Transcription by", "Translated by", "Translation by", "Amara.org",
      "Untertitel der Amara.org", "Untertitel im Auftrag", "Untertitelung", "Sous-titres réalisés", "Sous-titrage",
      "Subtítulos realizados por", "Legendas pela comunidade", "Sottotitoli creati dalla comunità",
      "Редактор субтитров", "Субтитры");

  private static final Set<String> WHOLE_NORMALIZED =
      WHOLE.stream().map(SilenceArtefacts::normalize).collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final List<String> PREFIXES_NORMALIZED = PREFIXES.stream().map(SilenceArtefacts::normalize).toList();

  private SilenceArtefacts() {}

  /** Whether {@code t} is only an artefact of silence. */
  public static boolean isArtefact(Transcript t) {
    if (t.isBlank()) return false;
    if (t.words().stream().anyMatch(SilenceArtefacts::confident)) return false;
    String n = normalize(t.text());
    if (n.isEmpty()) return true; // only punctuation, music notes and the like
    if (WHOLE_NORMALIZED.contains(n)) return true;
    for (String p : PREFIXES_NORMALIZED) if (n.startsWith(p)) return true;
    String[] tokens = n.split(" ");
    return tokens.length >= 2 && Arrays.stream(tokens).allMatch(tokens[0]::equals);
  }

  /** {@code t} with its text and words emptied when it is an artefact, else {@code t} itself. */
  public static Transcript clean(Transcript t) {
    if (!isArtefact(t)) return t;
    return new Transcript("", t.language(), t.audioDuration(), List.of(), t.generationId(), t.model());
  }

  private static boolean confident(Word w) {
    return w.confidence().filter(c -> c > LOW_CONFIDENCE).isPresent();
  }

  static String normalize(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return folded.toLowerCase(Locale.ROOT)
        .replaceAll("[’'.]", "")
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
  }
}
