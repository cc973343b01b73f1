package dev.voxscribe.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version and commit Maven stamped into the jar: {@code voxscribe 0.2.0 (commit 1a2b3c4d5e)}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"voxscribe " + version() + " (commit " + commit() + ")"};
  }

  static String version() {
    return stamped("version");
  }

  /** The abbreviated commit the jar was built from; "unknown" without git. */
  static String commit() {
    return stamped("commit");
  }

  private static String stamped(String key) {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/voxscribe-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException ignored) {
      // fall through to "unknown"
    }
    String value = p.getProperty(key, "").strip();
    // An unfiltered placeholder means the build could not tell (no git, no Maven filtering).
    return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }
}
