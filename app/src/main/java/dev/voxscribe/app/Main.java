package dev.voxscribe.app;

import picocli.CommandLine;

/** {@code java -jar voxscribe.jar [transcribe <file-or-url>]}. */
public final class Main {
  static {
    dev.voxscribe.core.AsyncPool.install(); // before anything creates a CompletableFuture
  }

  private Main() {}

  public static void main(String[] args) {
    FatalErrors.install();
    Environment env = Environment.system();
    int code = run(args, env);
    if (!BotCommand.SHUTTING_DOWN.get()) System.exit(code);
  }

  /** Runs one command line; returns the exit code. Used by {@link #main} and by tests. */
  public static int run(String[] args, Environment env) {
    CommandLine cli = new CommandLine(new BotCommand(env), new CommandFactory(env));
    cli.setOut(new java.io.PrintWriter(env.out(), true));
    cli.setErr(new java.io.PrintWriter(env.err(), true));
    // Expected failures are handled by the commands; anything else is still one line, never a trace.
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      env.err().println("Unexpected error: " + dev.voxscribe.app.logging.Secrets.mask(String.valueOf(e)));
      return 1;
    });
    return cli.execute(args);
  }

  /** Gives every command the environment it runs in. */
  private record CommandFactory(Environment env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == TranscribeCommand.class) return cls.cast(new TranscribeCommand(env));
      if (cls == BotCommand.class) return cls.cast(new BotCommand(env));
      if (cls == ConfigCommand.class) return cls.cast(new ConfigCommand(env));
      if (cls == HealthCommand.class) return cls.cast(new HealthCommand(env));
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
