package dev.voxscribe.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where the audio of a transcription comes from: bytes we upload, or a URL the service downloads itself. */
public sealed interface AudioSource {

  /** Deletes the file of spooled audio once nothing needs it any more; other sources are left alone. */
  static void discard(AudioSource audio) {
    if (audio instanceof Spooled spooled) {
      try {
        java.nio.file.Files.deleteIfExists(spooled.file());
      } catch (java.io.IOException e) {
        org.slf4j.LoggerFactory.getLogger(AudioSource.class).warn("Could not delete spooled audio {}: {}", spooled.file(),
            e.toString());
      }
    }
  }

  /** Audio bytes with the file name and content type the service is told. */
  record Bytes(byte[] data, String filename, String contentType) implements AudioSource {
    public Bytes {
      Objects.requireNonNull(data, "data");
      if (filename.isBlank()) throw new IllegalArgumentException("filename must not be blank");
      if (contentType.isBlank()) throw new IllegalArgumentException("contentType must not be blank");
    }

    public long size() {
      return data.length;
    }

    @Override
    public String toString() {
      return "Bytes[" + filename + ", " + contentType + ", " + data.length + " bytes]";
    }
  }

  /**
   * Audio spooled to a file while it downloaded, hashed on the way: uploaded from the file, so the
   * heap holds no copy of it. The file belongs to whoever made it (see {@code transcribe.Spool}).
   *
   * @param sha256 the SHA-256 of the file's bytes, hex: the cache key
   */
  record Spooled(Path file, long size, String sha256, String filename, String contentType) implements AudioSource {
    public Spooled {
      if (size < 0) throw new IllegalArgumentException("size must not be negative, got " + size);
      if (filename.isBlank()) throw new IllegalArgumentException("filename must not be blank");
      if (contentType.isBlank()) throw new IllegalArgumentException("contentType must not be blank");
    }
  }

  /**
   * A public URL the service fetches itself. Never use it for URLs that carry a secret
   * (Telegram file URLs contain the bot token): upload the bytes instead.
   */
  record Remote(URI url) implements AudioSource {
    public Remote {
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException("audio URL must be http or https, got '" + url + "'");
      }
    }
  }
}
