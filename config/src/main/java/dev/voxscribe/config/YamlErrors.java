package dev.voxscribe.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Where a YAML file went wrong, without what it says there (the line may hold a key or a token). */
final class YamlErrors {
  private YamlErrors() {}

  /** {@code " at line L, column C"}, or nothing when the parser did not say. */
  static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) return "";
    return at.getColumnNr() >= 1
        ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
        : " at line " + at.getLineNr();
  }
}
