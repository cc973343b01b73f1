package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's own links stay inside the repository, and each names a file or folder that exists;
 * its commands name the jar and start the bot as the deploy recipes do.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void relativeLinksResolveInsideTheRepository() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String doc : new String[] {"README.md", "CONTRIBUTING.md", "CHANGELOG.md"}) {
      Matcher m = LINK.matcher(Files.readString(ROOT.resolve(doc)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) continue; // a web address or an anchor
        Path file = ROOT.resolve(target.replaceAll("#.*$", "")).normalize();
        if (!file.startsWith(ROOT)) problems.add(doc + " links outside the repository: " + target);
        else if (!Files.exists(file)) problems.add(doc + " links to a missing file: " + target);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void userFacingTextNamesTheJarNotALauncher() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme).doesNotContainPattern("(?m)^\\s*voxscribe (transcribe|config)\\b").doesNotContain("`voxscribe transcribe");
    assertThat(CliMessages.NO_PLATFORM).contains("java -jar voxscribe.jar transcribe");
  }

  @Test
  void everyCommandThatStartsTheBotExitsOnOutOfMemory() throws Exception {
    // The bot is the jar without a subcommand; `transcribe`, `config`, `health` and --version are one-offs.
    Pattern startsTheBot = Pattern.compile("(?m)^.*\\bjava\\b(.*)-jar \\S*voxscribe\\.jar\\s*$");
    Matcher m = startsTheBot.matcher(Files.readString(ROOT.resolve("README.md")));
    List<String> commands = new ArrayList<>();
    while (m.find()) commands.add(m.group());
    assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c).contains("-XX:+ExitOnOutOfMemoryError"));
  }
}
