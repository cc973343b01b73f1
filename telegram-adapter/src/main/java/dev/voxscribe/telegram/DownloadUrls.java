package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Where a Telegram file may be downloaded from: the configured Bot API server, under
 * {@code /file/bot<token>/}, nowhere else. A {@code file_path} is the server's word, so one with
 * dot segments ({@code ../../}), empty segments or backslashes is refused rather than resolved, and
 * the URL built is checked once more against the base before it is used. The URL holds the token:
 * it is never logged, and no message here quotes it.
 */
final class DownloadUrls {
  private final HttpUrl apiBase;
  private final String token;
  private final String prefix;

  DownloadUrls(HttpUrl apiBase, String token) {
    this.apiBase = apiBase;
    this.token = token;
    this.prefix = apiBase.newBuilder().encodedPath("/").addPathSegment("file").addPathSegment("bot" + token)
        .build().encodedPath() + "/";
  }

  /**
   * The download URL of {@code filePath}.
   *
   * @throws TranscriptionException {@code DOWNLOAD_FAILED} when the path would leave {@code /file/bot<token>/}
   */
  HttpUrl of(String filePath) {
    if (filePath.isEmpty() || filePath.startsWith("/")) throw refused("it is empty or absolute");
    if (filePath.indexOf('\\') >= 0 || filePath.indexOf('\0') >= 0) throw refused("it holds a backslash or NUL");
    if (filePath.indexOf('?') >= 0 || filePath.indexOf('#') >= 0) throw refused("it holds a query or fragment");
    List<String> segments = List.of(filePath.split("/", -1));
    for (String s : segments) {
      String lower = s.toLowerCase(java.util.Locale.ROOT);
      // %2e is a dot to any server that decodes before resolving.
      if (s.isEmpty() || lower.replace("%2e", ".").chars().allMatch(c -> c == '.')) {
        throw refused("it has an empty or dot segment");
      }
    }
    HttpUrl.Builder url = apiBase.newBuilder().encodedPath("/").addPathSegment("file").addPathSegment("bot" + token);
    for (String s : segments) url.addPathSegment(s);
    HttpUrl built = url.build();
    boolean sameServer = built.scheme().equals(apiBase.scheme()) && built.host().equals(apiBase.host())
        && built.port() == apiBase.port();
    if (!sameServer || !built.encodedPath().startsWith(prefix) || built.encodedQuery() != null) {
      throw refused("it leaves the Bot API server's file directory");
    }
    return built;
  }

  private static TranscriptionException refused(String why) {
    return new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
        "refused the file_path the Bot API server answered: " + why);
  }
}
