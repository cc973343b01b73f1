package dev.voxscribe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.app.logging.Secrets;
import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Languages;
import dev.voxscribe.core.MediaTypes;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.Languages;
import dev.voxscribe.core.Word;
import dev.voxscribe.core.extras.ExtraResult;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.format.Subtitles;
import dev.voxscribe.core.store.ExtrasStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.AudioFetch;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code java -jar voxscribe.jar transcribe <file-or-url>}: one transcription, printed on stdout. */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Transcribe one audio or video file (or an http(s) URL the service can fetch) and print the text.",
      "Needs AIML_API_KEY. Exit codes: 0 done, 1 transcription failed, 2 bad input or configuration."
    })
final class TranscribeCommand implements java.util.concurrent.Callable<Integer> {
  private static final char[] SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏".toCharArray();

  @Parameters(index = "0", paramLabel = "<file-or-url>", description = "An audio/video file, or an http(s) URL.")
  String source = "";

  @Option(names = "--model", paramLabel = "M", description = "Model id (default: VOXSCRIBE_MODEL, #g1_whisper-large).")
  Optional<String> model = Optional.empty();

  @Option(names = "--language", paramLabel = "L", description = "Language code such as en, de or pt-BR, or auto (default: VOXSCRIBE_LANGUAGE, else detect).")
  Optional<String> language = Optional.empty();

  @Option(names = "--json", description = "The same as --format json.")
  boolean json;

  @Option(names = "--format", paramLabel = "F",
      description = "txt (default): the text; json: text, language, duration, words with timings; srt or vtt: subtitles.")
  Optional<String> format = Optional.empty();

  @Option(names = "--summary", description = "Also a few bullet points from the chat model (VOXSCRIBE_LLM_MODEL).")
  boolean summary;

  @Option(names = "--translate", paramLabel = "L", description = "Also a translation into language L (en, de, pt-BR, ...).")
  Optional<String> translate = Optional.empty();

  private final Environment env;

  TranscribeCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    // The command's output is the transcript and its errors are one line each: log lines (retries,
    // give-ups) would only repeat them. VOXSCRIBE_LOG_LEVEL brings them back for debugging.
    Optional<VoxConfig> loaded = Wiring.config(env, "ERROR", true);
    if (loaded.isEmpty()) return 2;
    Optional<String> normalisedLanguage = Optional.empty();
    if (language.isPresent()) {
      normalisedLanguage = Languages.normalize(language.get());
      if (normalisedLanguage.isEmpty()) {
        env.err().println("--language must be a language code like en, de or pt-BR (or auto), got '"
            + Secrets.mask(language.get()) + "'");
        return 2;
      }
    }
    VoxConfig config = loaded.get();
    if (config.speech().apiKey().isEmpty()) {
      env.err().println(CliMessages.NO_KEY);
      return 2;
    }
    Optional<OutputFormat> chosen = json && format.isEmpty() ? Optional.of(OutputFormat.JSON)
        : OutputFormat.parse(format.orElse("txt"));
    if (chosen.isEmpty() || (json && chosen.get() != OutputFormat.JSON)) {
      env.err().println(json && chosen.isPresent() ? CliMessages.JSON_AND_FORMAT : CliMessages.badFormat(format.orElse("")));
      return 2;
    }
    OutputFormat out = chosen.get();
    if ((summary || translate.isPresent()) && !out.text()) {
      env.err().println(CliMessages.EXTRAS_NEED_TEXT);
      return 2;
    }
    Optional<String> target = translate.flatMap(Languages::normalize).filter(l -> !l.equals(Languages.AUTO))
        .filter(Languages::known);
    if (translate.isPresent() && target.isEmpty()) {
      env.err().println(CliMessages.badLanguage(translate.get()));
      return 2;
    }
    TranscriptionRequest.Builder request;
    String label;
    if (source.matches("(?i)^https?://.+")) {
      URI url;
      try {
        url = URI.create(source);
      } catch (IllegalArgumentException e) {
        env.err().println("Not a valid URL: " + source);
        return 2;
      }
      request = TranscriptionRequest.builder(AudioFetch.of(new AudioSource.Remote(url)));
      label = url.getHost();
    } else {
      Path path = env.workingDir().resolve(source);
      Optional<String> problem = unreadable(path);
      if (problem.isPresent()) {
        env.err().println(problem.get());
        return 2;
      }
      Optional<String> type = contentType(path);
      if (type.isEmpty() || !MediaTypes.isTranscribable(type.get())) {
        env.err().println("Not an audio or video file: " + path + " (accepted: ogg, opus, mp3, m4a, wav, flac, webm, mp4, mov, ...)");
        return 2;
      }
      long size;
      try {
        size = Files.size(path);
      } catch (IOException e) {
        env.err().println("Cannot read file: " + path);
        return 2;
      }
      if (size == 0) {
        // Nothing to hear: a create would be paid for (or refused) for no transcript at all.
        env.err().println("The file is empty (0 bytes): " + path);
        return 2;
      }
      String filename = path.getFileName().toString();
      request = TranscriptionRequest.builder(() -> CompletableFuture.supplyAsync(() -> {
        try {
          return new AudioSource.Bytes(Files.readAllBytes(path), filename, type.get());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
      })).declaredBytes(size);
      label = filename;
    }
    model.ifPresent(request::model);
    normalisedLanguage.ifPresent(request::language);

    try (TranscriptionStack stack = Wiring.stack(config)) {
      CompletableFuture<Transcript> job = stack.service().transcribe(request.build());
      Optional<ScheduledFuture<?>> progress = progress(stack, job, label);
      Transcript transcript;
      try {
        transcript = job.get();
      } catch (ExecutionException e) {
        TranscriptionException failure = TranscriptionException.from(e.getCause());
        clear(progress);
        env.err().println(TerminalText.printable(Secrets.mask(CliMessages.failure(failure, stack.service().limits()))));
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        clear(progress);
        return 130;
      }
      clear(progress);
      if (out.subtitles()) {
        if (!Subtitles.possible(transcript.words())) {
          env.err().println(transcript.isBlank() ? CliMessages.NO_SPEECH_NO_SUBTITLES : CliMessages.NO_TIMINGS);
          return 1;
        }
        env.out().print(TerminalText.printable(
            out == OutputFormat.SRT ? Subtitles.srt(transcript.words()) : Subtitles.vtt(transcript.words())));
        env.out().flush();
        return 0;
      }
      Extras extras = extras(config, transcript, target);
      if (out == OutputFormat.JSON) {
        env.out().println(toJson(transcript, extras));
      } else {
        env.out().println(TerminalText.printable(transcript.text()));
        if (transcript.isBlank() && env.interactive()) env.err().println("(no speech found)");
        // The chat model's words are as untrusted as the transcript's.
        extras.summary().ifPresent(text -> env.out().println("\n" + CliMessages.SUMMARY_HEADING + "\n"
            + TerminalText.printable(text)));
        extras.translation().ifPresent(text -> env.out().println("\n"
            + CliMessages.translationHeading(target.orElseThrow()) + "\n" + TerminalText.printable(text)));
      }
      extras.failure().ifPresent(f -> env.err().println(TerminalText.printable(Secrets.mask(f))));
      return extras.failure().isPresent() ? 1 : 0;
    }
  }

  /** The chat model's summary and translation, when asked for, and the first failure. */
  record Extras(Optional<String> summary, Optional<String> translation, Optional<String> failure) {}

  private Extras extras(VoxConfig config, Transcript transcript, Optional<String> target) {
    if ((!summary && target.isEmpty()) || transcript.isBlank()) return new Extras(Optional.empty(), Optional.empty(), Optional.empty());
    ExtrasPolicy policy = new ExtrasPolicy(config.extras().llmModel(), java.util.Set.of(), java.time.Duration.ZERO,
        Optional.empty(), Duration.ofSeconds(120));
    String key = config.speech().apiKey().orElseThrow();
    try (TranscriptExtras chat = TranscriptExtras.start(new AimlApiSettings(config.speech().apiUrl(), key), policy,
        // The operator at the command line: never refused, counted nowhere.
        ExtrasStore.NONE, dev.voxscribe.core.spend.Spending.unlimited(java.time.Clock.systemUTC(),
            dev.voxscribe.core.Metrics.DISCARDING))) {
      Optional<String> failure = Optional.empty();
      Optional<String> summaryText = Optional.empty();
      Optional<String> translationText = Optional.empty();
      if (summary) {
        ExtraResult r = chat.summary(transcript, dev.voxscribe.core.spend.Requester.LOCAL).join();
        if (r instanceof ExtraResult.Text t) summaryText = Optional.of(t.text());
        else failure = Optional.of(CliMessages.chatFailure(r));
      }
      if (target.isPresent()) {
        ExtraResult r = chat.translation(transcript, target.get(), dev.voxscribe.core.spend.Requester.LOCAL).join();
        if (r instanceof ExtraResult.Text t) translationText = Optional.of(t.text());
        else if (failure.isEmpty()) failure = Optional.of(CliMessages.chatFailure(r));
      }
      return new Extras(summaryText, translationText, failure);
    }
  }

  private static Optional<String> unreadable(Path path) {
    if (!Files.exists(path)) return Optional.of("No such file: " + path);
    if (Files.isDirectory(path)) return Optional.of("Not a file but a directory: " + path);
    if (!Files.isReadable(path)) return Optional.of("Cannot read file (permission denied): " + path);
    return Optional.empty();
  }

  private static Optional<String> contentType(Path path) {
    Optional<String> guessed = MediaTypes.guess(path.getFileName().toString());
    if (guessed.isPresent()) return guessed;
    try {
      return Optional.ofNullable(Files.probeContentType(path));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A one-line spinner on stderr while waiting, only when a person is watching. */
  private Optional<ScheduledFuture<?>> progress(TranscriptionStack stack, CompletableFuture<Transcript> job, String label) {
    if (!env.interactive() || job.isDone()) return Optional.empty();
    long start = System.nanoTime();
    int[] tick = {0};
    return Optional.of(stack.scheduler().scheduleAtFixedRate(() -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      env.err().printf("\r%c Transcribing %s… %.1fs ", SPINNER[tick[0]++ % SPINNER.length], label, seconds);
      env.err().flush();
    }, 0, 120, TimeUnit.MILLISECONDS));
  }

  private void clear(Optional<ScheduledFuture<?>> progress) {
    if (progress.isPresent()) {
      progress.get().cancel(false);
      env.err().print("\r\033[2K");
      env.err().flush();
    }
  }

  static String toJson(Transcript t) {
    return toJson(t, new Extras(Optional.empty(), Optional.empty(), Optional.empty()));
  }

  static String toJson(Transcript t, Extras extras) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // JSON escapes C0 controls itself; DEL and the C1 controls (0x9B is a terminal's CSI) it would print raw.
    mapper.getFactory().setCharacterEscapes(TerminalText.JSON_ESCAPES);
    ObjectNode root = mapper.createObjectNode();
    root.put("text", t.text());
    t.language().ifPresentOrElse(l -> root.put("language", l), () -> root.putNull("language"));
    t.audioDuration().ifPresentOrElse(d -> root.put("duration_seconds", seconds(d)), () -> root.putNull("duration_seconds"));
    root.put("model", t.model());
    root.put("generation_id", t.generationId());
    ArrayNode words = root.putArray("words");
    for (Word w : t.words()) {
      ObjectNode n = words.addObject();
      n.put("word", w.text());
      n.put("start", seconds(w.start()));
      n.put("end", seconds(w.end()));
      w.confidence().ifPresent(c -> n.put("confidence", c));
      w.speaker().ifPresent(s -> n.put("speaker", s));
    }
    extras.summary().ifPresent(s -> root.put("summary", s));
    extras.translation().ifPresent(s -> root.put("translation", s));
    try {
      return mapper.writeValueAsString(root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
