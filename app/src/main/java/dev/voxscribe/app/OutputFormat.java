package dev.voxscribe.app;

import java.util.Locale;
import java.util.Optional;

/** What {@code transcribe --format} prints. */
enum OutputFormat {
  TXT, JSON, SRT, VTT;

  static Optional<OutputFormat> parse(String name) {
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  boolean subtitles() {
    return this == SRT || this == VTT;
  }

  /** Formats that can carry a summary and a translation beside the transcript. */
  boolean text() {
    return this == TXT || this == JSON;
  }
}
