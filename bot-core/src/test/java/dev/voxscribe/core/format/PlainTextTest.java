package dev.voxscribe.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void controlCharactersAndLoneSurrogatesGoLineBreaksAndEmojiStay() {
    assertThat(PlainText.clean("Hel\u0000lo\u0007 w\uD800orld\r\n\tnext 😀 line\uFFFF"))
        .isEqualTo("Hello world\n\tnext 😀 line");
    assertThat(PlainText.clean("Grüße, 東京")).isEqualTo("Grüße, 東京");
  }
}
