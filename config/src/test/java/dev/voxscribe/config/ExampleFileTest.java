package dev.voxscribe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docs/voxscribe.example.yml} lists exactly the registry's variables, each with a comment and its default. */
class ExampleFileTest {
  private static final Path EXAMPLE = Path.of("..", "docs", "voxscribe.example.yml");
  /** {@code NAME: value} or, for a variable unset by default, {@code # NAME: example}. */
  private static final Pattern ENTRY = Pattern.compile("^(#\\s*)?([A-Z][A-Z0-9_]+):\\s*(.*)$");

  @TempDir Path dir;

  @Test
  void listsEveryVariableOnceWithACommentAndItsDefault() throws Exception {
    List<String> lines = Files.readAllLines(EXAMPLE);
    Map<String, String> listed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = ENTRY.matcher(lines.get(i));
      if (!m.matches()) continue;
      String name = m.group(2);
      if (listed.put(name, m.group(3)) != null) problems.add(name + " is listed twice");
      if (i == 0 || !lines.get(i - 1).startsWith("# ") || ENTRY.matcher(lines.get(i - 1)).matches()) {
        problems.add(name + " has no one-line comment above it");
      }
      Variable.named(name).ifPresent(v -> {
        boolean commented = m.group(1) != null;
        if (v.defaultValue().isPresent() && !v.environmentOnly()) {
          String value = m.group(3).replaceAll("^\"|\"$", "");
          if (commented || !value.equals(v.defaultValue().get())) {
            problems.add(name + " should read " + name + ": " + v.defaultValue().get());
          }
        }
      });
    }
    List<String> registry = new ArrayList<>();
    for (Variable v : Variable.values()) registry.add(v.name());
    assertThat(problems).isEmpty();
    assertThat(listed.keySet()).as("variables in docs/voxscribe.example.yml").containsExactlyInAnyOrderElementsOf(registry);
  }

  @Test
  void theExampleLoadsAsIs() throws Exception {
    Files.copy(EXAMPLE, dir.resolve("voxscribe.yml"));
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of(), dir);
    assertThat(loaded.config().speech().model()).isEqualTo("#g1_whisper-large");
  }
}
