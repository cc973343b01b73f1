package dev.voxscribe.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpokenTest {
  @Test
  void lengthsReadLikeAPlayer() {
    assertThat(Spoken.clock(Duration.ofMillis(400))).isEqualTo("0:01");
    assertThat(Spoken.clock(Duration.ofMillis(3200))).isEqualTo("0:03");
    assertThat(Spoken.clock(Duration.ofSeconds(754))).isEqualTo("12:34");
    assertThat(Spoken.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
  }

  @Test
  void limitsReadInWords() {
    assertThat(Spoken.minutes(Duration.ofMinutes(20))).isEqualTo("20 minutes");
    assertThat(Spoken.minutes(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(Spoken.minutes(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(Spoken.minutes(Duration.ofSeconds(1))).isEqualTo("1 second");
  }

  @Test
  void languagesByName() {
    assertThat(Spoken.languageName("de")).isEqualTo("German");
    assertThat(Spoken.languageName("pt-BR")).isEqualTo("Portuguese (Brazil)");
    assertThat(Spoken.languageName("en_us")).isEqualTo("English (United States)");
    assertThat(Spoken.languageName("xx")).isEqualTo("xx");
  }
}
