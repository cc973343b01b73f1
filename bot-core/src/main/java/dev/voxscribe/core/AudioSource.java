package dev.voxscribe.core;

import java.net.URI;
import java.util.Objects;

/** Where the audio of a transcription comes from: bytes we upload, or a URL the service downloads itself. */
public sealed interface AudioSource {

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
