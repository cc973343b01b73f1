package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A processing-time prior per model family, used only until the model's first job finishes.
 *
 * <p>The figures are guesses from the providers' published speeds, not measurements of the AI/ML
 * API: Deepgram's models are much faster than real time, Whisper and the OpenAI models take about a
 * tenth of the audio's length, AssemblyAI queues first. They are deliberately wide (the service may
 * be three times slower or faster); what one finished job teaches replaces them at once.
 */
public final class ModelPriors {
  private static final double SPREAD = 3;

  private record Entry(String prefix, ProcessingPrior prior) {}

  private final List<Entry> byPrefix;
  private final ProcessingPrior fallback;

  private ModelPriors(List<Entry> byPrefix, ProcessingPrior fallback) {
    this.byPrefix = byPrefix;
    this.fallback = fallback;
  }

  /** The built-in table (see the class comment for where the figures come from). */
  public static ModelPriors defaults() {
    return new ModelPriors(List.of(
        new Entry("#g1_nova", prior(500, 20)),
        new Entry("nova", prior(500, 20)),
        new Entry("#g1_whisper-tiny", prior(500, 30)),
        new Entry("#g1_whisper-base", prior(500, 40)),
        new Entry("#g1_whisper-small", prior(500, 60)),
        new Entry("whisper-tiny", prior(500, 30)),
        new Entry("whisper-base", prior(500, 40)),
        new Entry("whisper-small", prior(500, 60)),
        new Entry("aai/", prior(2000, 100))),
        prior(1000, 100));
  }

  /** One prior for every model (tests, or an operator who knows the service's speed). */
  public static ModelPriors uniform(ProcessingPrior prior) {
    return new ModelPriors(List.of(), prior);
  }

  /** The prior of {@code model}: the longest matching prefix of the table, else the default. */
  public ProcessingPrior forModel(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    ProcessingPrior best = fallback;
    int length = -1;
    for (Entry e : byPrefix) {
      if (m.startsWith(e.prefix()) && e.prefix().length() > length) {
        best = e.prior();
        length = e.prefix().length();
      }
    }
    return best;
  }

  private static ProcessingPrior prior(long fixedMillis, long millisPerAudioSecond) {
    return new ProcessingPrior(Duration.ofMillis(fixedMillis), Duration.ofMillis(millisPerAudioSecond), SPREAD);
  }
}
