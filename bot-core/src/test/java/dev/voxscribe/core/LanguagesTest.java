package dev.voxscribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {
  @Test
  void codesAreNormalisedAndNonsenseRefused() {
    assertThat(Languages.normalize(" DE ")).contains("de");
    assertThat(Languages.normalize("pt_br")).contains("pt-BR");
    assertThat(Languages.normalize("zh-HANT")).contains("zh-Hant");
    assertThat(Languages.normalize("AUTO")).contains("auto");
    assertThat(Languages.normalize("english please")).isEmpty();
    assertThat(Languages.normalize("d")).isEmpty();
  }
}
