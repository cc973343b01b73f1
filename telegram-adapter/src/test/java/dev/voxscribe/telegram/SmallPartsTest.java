package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The adapter's pure pieces: command parsing, language codes, formatting, configuration checks. */
class SmallPartsTest {

  @Test
  void commandsAddressedToThisBotOrNoneAreParsed() {
    assertThat(CommandLine.parse("/auto on", "vox_bot")).contains(new CommandLine("auto", "on"));
    assertThat(CommandLine.parse("/Auto@Vox_Bot   off ", "vox_bot")).contains(new CommandLine("auto", "off"));
    assertThat(CommandLine.parse("/auto@other_bot on", "vox_bot")).isEmpty();
    assertThat(CommandLine.parse("/", "vox_bot")).isEmpty();
    assertThat(CommandLine.parse("hello /auto", "vox_bot")).isEmpty();
  }

  @Test
  void languageCodesAreNormalisedAndNonsenseRefused() {
    assertThat(LanguageCommand.normalize("DE")).contains("de");
    assertThat(LanguageCommand.normalize("pt_br")).contains("pt-BR");
    assertThat(LanguageCommand.normalize("zh-hant")).contains("zh-Hant");
    assertThat(LanguageCommand.normalize("Auto")).contains("auto");
    assertThat(LanguageCommand.normalize("klingon!")).isEmpty();
    assertThat(LanguageCommand.normalize("e")).isEmpty();
  }

  @Test
  void durationsAndLanguagesReadNaturally() {
    assertThat(new Messages(20, Duration.ofMinutes(20)).languageStatus(Optional.of("auto"))).contains("detect");
  }

  @Test
  void apiUrlMustBeAServerWithoutAPath() {
    assertThat(TelegramPlatform.apiBase(URI.create("http://127.0.0.1:8081")).port()).isEqualTo(8081);
    assertThat(TelegramPlatform.apiBase(URI.create("https://api.telegram.org/")).host()).isEqualTo("api.telegram.org");
    assertThatThrownBy(() -> TelegramPlatform.apiBase(URI.create("https://proxy.example.com/telegram")))
        .hasMessageContaining("TELEGRAM_API_URL").hasMessageContaining("without a path");
    assertThatThrownBy(() -> TelegramPlatform.apiBase(URI.create("ftp://example.com")))
        .hasMessageContaining("TELEGRAM_API_URL");
  }
}
