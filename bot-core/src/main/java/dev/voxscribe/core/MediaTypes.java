package dev.voxscribe.core;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Which files can hold speech, and what to call them when the platform does not say. */
public final class MediaTypes {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("ogg", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("wav", "audio/wav"),
          Map.entry("flac", "audio/flac"),
          Map.entry("weba", "audio/webm"),
          Map.entry("webm", "video/webm"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("m4v", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("mkv", "video/x-matroska"),
          Map.entry("amr", "audio/amr"),
          Map.entry("3gp", "video/3gpp"));

  private MediaTypes() {}

  /** True for audio/* and video/* (and OGG, which some platforms label application/ogg). */
  public static boolean isTranscribable(String contentType) {
    String ct = base(contentType);
    return ct.startsWith("audio/") || ct.startsWith("video/") || ct.equals("application/ogg");
  }

  /** The content type a file name suggests, for sources that carry none (local files, some uploads). */
  public static Optional<String> guess(String filename) {
    int dot = filename.lastIndexOf('.');
    if (dot < 0 || dot == filename.length() - 1) return Optional.empty();
    return Optional.ofNullable(BY_EXTENSION.get(filename.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  private static String base(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType).strip().toLowerCase(Locale.ROOT);
  }
}
