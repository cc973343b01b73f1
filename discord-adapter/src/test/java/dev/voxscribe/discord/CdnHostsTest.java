package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class CdnHostsTest {
  final CdnHosts defaults = new CdnHosts(URI.create("https://discord.com/api/v10/"), List.of());
  final CdnHosts configured = new CdnHosts(URI.create("http://127.0.0.1:9000/api/v10/"),
      List.of("cdn.example.com", "10.1.2.3:8080", "[::1]:7000"));

  private static HttpUrl url(String s) {
    return HttpUrl.get(s);
  }

  @Test
  void discordsCdnOverHttpsOnly() {
    assertThat(defaults.allows(url("https://cdn.discordapp.com/attachments/1/2/a.ogg?ex=1&is=2&hm=3"))).isTrue();
    assertThat(defaults.allows(url("https://media.discordapp.net/attachments/1/2/a.ogg"))).isTrue();
    assertThat(defaults.allows(url("https://CDN.DiscordApp.com/attachments/1/2/a.ogg"))).isTrue();
    assertThat(defaults.allows(url("http://cdn.discordapp.com/attachments/1/2/a.ogg"))).isFalse();
    assertThat(defaults.allows(url("https://cdn.discordapp.com:8443/a.ogg"))).isFalse();
    assertThat(defaults.allows(url("https://user:pw@cdn.discordapp.com/a.ogg"))).isFalse();
  }

  @Test
  void everythingElseIsRefused() {
    for (String bad : new String[] {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/", "http://localhost/",
        "http://[::1]/", "https://cdn.discordapp.com.evil.example/a.ogg", "https://evilcdn.discordapp.com/a.ogg",
        "http://metadata.google.internal/", "https://10.0.0.1/a.ogg", "http://0x7f000001/"}) {
      assertThat(defaults.allows(url(bad))).as(bad).isFalse();
      assertThat(configured.allows(url(bad))).as(bad).isFalse();
    }
  }

  @Test
  void theApiHostAndListedHostsAreAllowed() {
    assertThat(configured.allows(url("http://127.0.0.1:9000/attachments/1/2/a.ogg"))).isTrue();
    assertThat(configured.allows(url("http://127.0.0.1:9001/attachments/1/2/a.ogg"))).isFalse();
    assertThat(configured.allows(url("https://cdn.example.com/a.ogg"))).isTrue();
    assertThat(configured.allows(url("http://cdn.example.com/a.ogg"))).isTrue();
    assertThat(configured.allows(url("https://cdn.example.com:444/a.ogg"))).isFalse();
    assertThat(configured.allows(url("http://10.1.2.3:8080/a.ogg"))).isTrue();
    assertThat(configured.allows(url("http://10.1.2.3/a.ogg"))).isFalse();
    assertThat(configured.allows(url("http://[::1]:7000/a.ogg"))).isTrue();
    assertThat(defaults.allows(url("https://discord.com/attachments/1/2/a.ogg"))).isTrue();
  }
}
