package dev.voxscribe.app;

import dev.voxscribe.app.logging.Secrets;
import dev.voxscribe.config.ConfigException;
import dev.voxscribe.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code java -jar voxscribe.jar config}: the configuration in force, secrets masked; exit 2 with the problems. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Print the effective configuration (environment over voxscribe.yml over defaults), secrets masked.",
      "Exit codes: 0 the configuration is valid, 2 it is not (one line per problem on stderr)."
    })
final class ConfigCommand implements Callable<Integer> {
  private final Environment env;

  ConfigCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.read(env.variables(), env.workingDir());
    } catch (ConfigException e) {
      e.problems().forEach(p -> env.err().println("Configuration error: " + Secrets.mask(p)));
      return 2;
    }
    Secrets.register(loaded.config().secrets());
    loaded.warnings().forEach(w -> env.err().println("Warning: " + Secrets.mask(w)));
    int width = 0;
    for (ConfigLoader.Effective e : loaded.effective()) width = Math.max(width, e.variable().name().length());
    for (ConfigLoader.Effective e : loaded.effective()) {
      String value = e.value().orElse("(unset)");
      env.out().println(Secrets.mask(String.format("%-" + width + "s = %s  # %s", e.variable().name(), value, e.source())));
    }
    if (!loaded.config().speech().params().isEmpty()) {
      env.out().println(Secrets.mask("params = " + loaded.config().speech().params()));
    }
    return 0;
  }
}
