package dev.voxscribe.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class TextChunksTest {
  private static final String[] PIECES = {
    "Hello", "world", "voice", "note", "😀", "𝄞", "über", "日本語", ".", "!", "?", "…", ",", " ", " ", " ", "\n",
    "Supercalifragilisticexpialidocious"
  };

  @Test
  void shortTextIsOneChunk() {
    assertThat(TextChunks.split("Hi.", 4096)).containsExactly("Hi.");
    assertThat(TextChunks.split("", 10)).containsExactly("");
  }

  @Test
  void cutsAfterASentenceEndWhenOneIsInReach() {
    List<String> chunks = TextChunks.split("First sentence here. Second one is longer than that.", 30);
    assertThat(chunks.get(0)).isEqualTo("First sentence here. ");
    assertThat(String.join("", chunks)).isEqualTo("First sentence here. Second one is longer than that.");
  }

  @Test
  void cutsAtAWordGapWithoutSentenceEnds() {
    List<String> chunks = TextChunks.split("alpha beta gamma delta epsilon", 12);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(12));
    assertThat(chunks.get(0)).isEqualTo("alpha beta ");
  }

  @Test
  void neverSplitsASurrogatePair() {
    String emoji = "😀".repeat(10);
    List<String> chunks = TextChunks.split(emoji, 5);
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.length()).isLessThanOrEqualTo(5);
      assertThat(Character.isLowSurrogate(c.charAt(0))).isFalse();
    });
    assertThat(String.join("", chunks)).isEqualTo(emoji);
  }

  @Test
  void rejectsAUselessLimit() {
    assertThatThrownBy(() -> TextChunks.split("x", 1)).hasMessageContaining("at least 2");
  }

  @RepeatedTest(300)
  void neverLosesACharacter() {
    Random r = new Random();
    long seed = r.nextLong();
    r.setSeed(seed);
    StringBuilder sb = new StringBuilder();
    int pieces = r.nextInt(400);
    for (int i = 0; i < pieces; i++) sb.append(PIECES[r.nextInt(PIECES.length)]);
    String text = sb.toString();
    int max = 2 + r.nextInt(120);
    List<String> chunks = TextChunks.split(text, max);
    assertThat(String.join("", chunks)).as("seed %d max %d", seed, max).isEqualTo(text);
    assertThat(chunks).as("seed %d", seed).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(max));
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(Character.isLowSurrogate(chunks.get(i).charAt(0))).as("seed %d", seed).isFalse();
    }
  }

  @Test
  void neverSplitsABackslashFromTheCharacterItEscapes() {
    // No space to cut at: the hard cut falls where an escape pair would be torn apart.
    String escaped = "abc\\*def\\\\\\_ghi";
    for (int limit = 2; limit < escaped.length(); limit++) {
      List<String> chunks = TextChunks.split(escaped, limit);
      assertThat(String.join("", chunks)).isEqualTo(escaped);
      for (String chunk : chunks) {
        int trailing = 0;
        while (trailing < chunk.length() && chunk.charAt(chunk.length() - 1 - trailing) == '\\') trailing++;
        assertThat(trailing % 2).as("chunk %s at limit %d ends inside an escape", chunk, limit).isZero();
      }
    }
  }
}
