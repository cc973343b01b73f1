package dev.voxscribe.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SubtitlesTest {
  private static final Pattern SRT_CUE = Pattern.compile(
      "(\\d+)\\n(\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})\\n(.+)\\n\\n");

  static Word w(String text, double start, double end) {
    return new Word(text, Duration.ofMillis(Math.round(start * 1000)), Duration.ofMillis(Math.round(end * 1000)),
        Optional.of(0.9), Optional.empty());
  }

  static Word w(String text, double start, double end, String speaker) {
    return new Word(text, Duration.ofMillis(Math.round(start * 1000)), Duration.ofMillis(Math.round(end * 1000)),
        Optional.of(0.9), Optional.of(speaker));
  }

  /** Parses SRT strictly: every byte belongs to a well-formed cue. */
  static List<long[]> parse(String srt, List<String> texts) {
    Matcher m = SRT_CUE.matcher(srt);
    List<long[]> spans = new ArrayList<>();
    int at = 0;
    while (at < srt.length()) {
      assertThat(m.find(at)).as("a cue at offset %d of:%n%s", at, srt).isTrue();
      assertThat(m.start()).as("nothing between cues").isEqualTo(at);
      assertThat(Integer.parseInt(m.group(1))).as("cue number").isEqualTo(spans.size() + 1);
      long start = ms(m, 2);
      long end = ms(m, 6);
      spans.add(new long[] {start, end});
      texts.add(m.group(10));
      at = m.end();
    }
    return spans;
  }

  private static long ms(Matcher m, int g) {
    return ((Long.parseLong(m.group(g)) * 60 + Long.parseLong(m.group(g + 1))) * 60 + Long.parseLong(m.group(g + 2))) * 1000
        + Long.parseLong(m.group(g + 3));
  }

  @Test
  void validSrtNumberedInOrderWithoutOverlapsAndNothingDropped() {
    List<Word> words = new ArrayList<>();
    String[] sentence = "Hello there, this is the first sentence. And here comes the second one, a little longer than"
        .split(" ");
    double t = 0.2;
    for (String s : sentence) {
      words.add(w(s, t, t + 0.45));
      t += 0.5;
    }
    words.add(w("after", t + 2.0, t + 2.3)); // a long pause: a new cue
    words.add(w("overlapping", t + 2.1, t + 5.0)); // sloppy timings from the service
    words.add(w("done.", t + 2.2, t + 2.4));

    String srt = Subtitles.srt(words);
    List<String> texts = new ArrayList<>();
    List<long[]> spans = parse(srt, texts);

    assertThat(spans).hasSizeGreaterThan(1);
    for (int i = 0; i < spans.size(); i++) {
      assertThat(spans.get(i)[1]).as("cue %d ends after it starts", i + 1).isGreaterThan(spans.get(i)[0]);
      if (i > 0) assertThat(spans.get(i)[0]).as("cue %d starts after the one before ends", i + 1)
          .isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
    }
    List<String> all = new ArrayList<>();
    texts.forEach(x -> all.addAll(List.of(x.split(" "))));
    assertThat(all).containsExactlyElementsOf(words.stream().map(Word::text).toList());
    assertThat(texts.get(0)).endsWith("first sentence.");
    assertThat(srt).startsWith("1\n00:00:00,200 --> ");
  }

  @Test
  void timesAreHoursMinutesSecondsAndMillis() {
    String srt = Subtitles.srt(List.of(w("Late.", 3723.456, 3724.5)));
    assertThat(srt).isEqualTo("1\n01:02:03,456 --> 01:02:04,500\nLate.\n\n");
  }

  @Test
  void aNewSpeakerStartsANewCue() {
    List<Subtitles.Cue> cues = Subtitles.cues(List.of(w("Hi", 0, 0.4, "0"), w("there", 0.5, 0.9, "0"), w("Hello", 1.0, 1.4, "1")));
    assertThat(cues).extracting(Subtitles.Cue::text).containsExactly("Hi there", "Hello");
  }


  @Test
  void vttEscapesWhatWebVttReadsAsMarkup() {
    // A spoken "<b>" or "&" is text: unescaped, a player shows it bold or drops it (WebVTT cue text
    // allows '<' and '&' only as the start of a tag or a character reference).
    String vtt = Subtitles.vtt(List.of(w("<b>bold</b>", 1.0, 1.4), w("&", 1.4, 1.6), w("a>b.", 1.6, 2.0)));
    assertThat(vtt).isEqualTo("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n&lt;b&gt;bold&lt;/b&gt; &amp; a&gt;b.\n\n");
  }

  @Test
  void vttHasItsHeaderAndDotsBeforeTheMillis() {
    String vtt = Subtitles.vtt(List.of(w("One.", 1.0, 1.8), w("Two -->", 2.0, 2.6)));
    assertThat(vtt).isEqualTo("WEBVTT\n\n1\n00:00:01.000 --> 00:00:01.800\nOne.\n\n2\n00:00:02.000 --> 00:00:02.600\nTwo --&gt;\n\n");
  }

  @Test
  void withoutTimingsThereAreNoSubtitles() {
    assertThat(Subtitles.possible(List.of(w("no", 0, 0), w("times", 0, 0)))).isFalse();
    assertThat(Subtitles.possible(List.of())).isFalse();
    assertThat(Subtitles.possible(List.of(w("yes", 0, 0.3)))).isTrue();
  }

  @Test
  void aVeryShortCueIsStretchedButNeverIntoTheNext() {
    List<Subtitles.Cue> cues = Subtitles.cues(List.of(w("A.", 1.0, 1.05), w("B.", 1.2, 1.5)));
    assertThat(cues.get(0).end()).isEqualTo(Duration.ofMillis(1200));
    assertThat(cues.get(1).start()).isEqualTo(Duration.ofMillis(1200));
  }
}
