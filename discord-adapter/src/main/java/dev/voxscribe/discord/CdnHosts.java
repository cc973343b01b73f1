package dev.voxscribe.discord;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Where attachments may be downloaded from. An attachment's URL arrives inside a message, and a
 * crafted one could point at the bot's own network (loopback, a cloud metadata address, an admin
 * page): the bytes would then be uploaded to the speech service and read back as a "transcript".
 * So only Discord's CDN ({@code cdn.discordapp.com}, {@code media.discordapp.net}, over HTTPS), the
 * host and port of {@code DISCORD_API_URL} (a proxy or stand-in that serves both), and the hosts
 * listed in {@code DISCORD_CDN_HOSTS} are allowed; the check is made before any connection.
 */
final class CdnHosts {
  static final Set<String> DISCORD_CDN = Set.of("cdn.discordapp.com", "media.discordapp.net");

  private record Allowed(String host, int port) {}

  private final Allowed api;
  private final List<Allowed> listed;
  private final List<String> listedAnyPort;

  /**
   * @param apiUrl {@code DISCORD_API_URL}
   * @param extra {@code DISCORD_CDN_HOSTS}: {@code host} (its scheme's default port) or {@code host:port}
   */
  CdnHosts(URI apiUrl, List<String> extra) {
    HttpUrl base = HttpUrl.get(apiUrl.toString());
    this.api = new Allowed(base.host(), base.port());
    List<Allowed> exact = new ArrayList<>();
    List<String> defaultPort = new ArrayList<>();
    for (String entry : extra) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      int colon = e.lastIndexOf(':');
      boolean bracketed = e.startsWith("[");
      boolean hasPort = colon > 0 && (!bracketed || e.lastIndexOf(']') < colon) && (bracketed || e.indexOf(':') == colon);
      if (hasPort) {
        exact.add(new Allowed(unbracket(e.substring(0, colon)), Integer.parseInt(e.substring(colon + 1))));
      } else {
        defaultPort.add(unbracket(e));
      }
    }
    this.listed = List.copyOf(exact);
    this.listedAnyPort = List.copyOf(defaultPort);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether {@code url} may be fetched. */
  boolean allows(HttpUrl url) {
    if (!url.username().isEmpty() || !url.password().isEmpty()) return false;
    String host = url.host().toLowerCase(Locale.ROOT);
    int port = url.port();
    if (DISCORD_CDN.contains(host)) return url.isHttps() && port == 443;
    if (host.equals(api.host()) && port == api.port()) return true;
    if (listed.contains(new Allowed(host, port))) return true;
    return listedAnyPort.contains(host) && port == HttpUrl.defaultPort(url.scheme());
  }
}
