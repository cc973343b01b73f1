package dev.voxscribe.telegram;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file in a message, as the message describes it before anything is downloaded.
 *
 * @param kind what it is, for logs ({@code voice}, {@code audio}, …)
 * @param fileId the id to download it with
 * @param fileUniqueId stable across forwards and bots: the cache key; empty when the Bot API left it out
 * @param size the size Telegram announced
 * @param duration the length Telegram announced
 * @param filename the name the speech service is told
 * @param contentType the content type the speech service is told
 * @param speech whether it can hold speech (audio or video); a PDF sent as a document cannot
 */
record Media(
    String kind,
    String fileId,
    String fileUniqueId,
    OptionalLong size,
    Optional<Duration> duration,
    String filename,
    String contentType,
    boolean speech) {

  Media {
    // The library hands a missing file_unique_id over as null.
    if (fileUniqueId == null) fileUniqueId = "";
  }

  /** An audio or video file (subtitles make sense), not a voice or video note. */
  boolean isFile() {
    return kind.equals("audio file") || kind.equals("video") || kind.equals("document");
  }

  boolean isVoiceNote() {
    return kind.equals("voice note");
  }

  static OptionalLong size(Long bytes) {
    return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
  }

  static Optional<Duration> seconds(Integer seconds) {
    return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
  }
}
