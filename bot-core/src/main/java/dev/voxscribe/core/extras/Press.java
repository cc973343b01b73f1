package dev.voxscribe.core.extras;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A button press as its callback data says it: {@code vx1:<action>:<transcript id>}, 22 bytes,
 * well within Telegram's 64 and Discord's 100. The version prefix lets a later format coexist
 * with buttons already out there.
 */
public record Press(Action action, String transcriptId) {
  private static final Pattern DATA = Pattern.compile("^vx1:([a-z]):([A-Za-z0-9_-]{8,40})$");

  public Press {
    if (!transcriptId.matches("[A-Za-z0-9_-]{8,40}")) {
      throw new IllegalArgumentException("not a kept transcript id: '" + transcriptId + "'");
    }
  }

  public String data() {
    return "vx1:" + action.code() + ":" + transcriptId;
  }

  /** The press named by {@code data}, or empty when it is not one of ours (or an old format). */
  public static Optional<Press> parse(String data) {
    Matcher m = DATA.matcher(data == null ? "" : data);
    if (!m.matches()) return Optional.empty();
    return Action.ofCode(m.group(1)).map(a -> new Press(a, m.group(2)));
  }
}
