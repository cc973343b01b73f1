package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Download URLs never leave {@code <TELEGRAM_API_URL>/file/bot<token>/}. */
class DownloadUrlsTest {
  static final String TOKEN = "7012345678:AAHfakeTokenForTests-0123456789abcdef";
  final DownloadUrls urls = new DownloadUrls(HttpUrl.get("http://127.0.0.1:8081/"), TOKEN);

  @Test
  void anOrdinaryPathIsUnderTheFileDirectory() {
    HttpUrl url = urls.of("voice/file_12.oga");
    assertThat(url.host()).isEqualTo("127.0.0.1");
    assertThat(url.port()).isEqualTo(8081);
    assertThat(url.pathSegments()).containsExactly("file", "bot" + TOKEN, "voice", "file_12.oga");
    // Characters that mean something in a URL are data in a file name.
    assertThat(urls.of("music/a b%20c;d.mp3").pathSegments()).endsWith("a b%20c;d.mp3");
  }

  @Test
  void pathsThatWouldLeaveAreRefused() {
    for (String bad : new String[] {"../../bot" + TOKEN + "/getMe", "voice/../../x", "./voice/a.oga", "voice/./a.oga",
        "voice/%2e%2e/%2E%2E/x", "voice/.%2e/x", "..", "/etc/passwd", "voice//a.oga", "voice/", "",
        "voice\\..\\..\\x", "voice/a.oga?x=1", "voice/a.oga#f", "voice/a\0.oga"}) {
      assertThatThrownBy(() -> urls.of(bad)).as(bad).isInstanceOfSatisfying(TranscriptionException.class, e -> {
        assertThat(e.kind()).isEqualTo(FailureKind.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).doesNotContain(TOKEN.substring(11));
      });
    }
  }
}
