package dev.voxscribe.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command sees of the outside: variables, working directory, streams, whether stderr is a terminal. */
record Environment(Map<String, String> variables, Path workingDir, PrintStream out, PrintStream err, boolean interactive) {
  static Environment system() {
    return new Environment(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err, System.console() != null);
  }
}
