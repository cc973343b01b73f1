package dev.voxscribe.core.extras;

import java.util.Locale;
import java.util.Optional;

/** The buttons under a transcript, with the short code their callback data carries. */
public enum Action {
  SUMMARY("s", "summary"),
  TRANSLATE("t", "translate"),
  SUBTITLES("b", "subtitles");

  private final String code;
  private final String configName;

  Action(String code, String configName) {
    this.code = code;
    this.configName = configName;
  }

  /** One character, for callback data. */
  public String code() {
    return code;
  }

  /** The name {@code VOXSCRIBE_BUTTONS} uses. */
  public String configName() {
    return configName;
  }

  public static Optional<Action> ofCode(String code) {
    for (Action a : values()) if (a.code.equals(code)) return Optional.of(a);
    return Optional.empty();
  }

  public static Optional<Action> ofConfigName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (Action a : values()) if (a.configName.equals(n)) return Optional.of(a);
    return Optional.empty();
  }
}
