package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.stt.SpeechToText;

import dev.voxscribe.core.spend.Requester;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One thing to transcribe, as an adapter knows it before downloading anything.
 *
 * @param audio how to get the audio, called at most once and only when needed
 * @param language the language to ask for; empty means the configured default (or detection)
 * @param model the model; empty means the configured default
 * @param platformKey a stable platform id of the file (Telegram's {@code file_unique_id}): an alias
 *     in the cache, so the same file is never downloaded twice
 * @param declaredBytes the size the platform announced, checked before any download
 * @param declaredDuration the length the platform announced, checked before any download
 * @param requester who asks, and where: quotas, the allowlist and fair queueing go by it
 * @param progress told when the job is created at the service and when it is polled
 * @param generation a job the service took before a restart: it is polled again under this id,
 *     with no download and no second create
 * @param resumed a job kept from before a restart, taken up again: if its create may have reached
 *     the service whole with no answer back, it is not sent again but fails as {@code INTERRUPTED}
 */
public record TranscriptionRequest(
    AudioFetch audio,
    Optional<String> language,
    Optional<String> model,
    Optional<String> platformKey,
    OptionalLong declaredBytes,
    Optional<Duration> declaredDuration,
    Requester requester,
    JobProgress progress,
    Optional<SpeechToText.Started> generation,
    boolean resumed) {

  /** The platform the request came from ({@code telegram}, {@code discord}, {@code local}): a metrics label. */
  public String platform() {
    return requester.platform();
  }

  public static Builder builder(AudioFetch audio) {
    return new Builder(audio);
  }

  /** Builds a request; everything but the audio is optional. */
  public static final class Builder {
    private final AudioFetch audio;
    private Optional<String> language = Optional.empty();
    private Optional<String> model = Optional.empty();
    private Optional<String> platformKey = Optional.empty();
    private OptionalLong declaredBytes = OptionalLong.empty();
    private Optional<Duration> declaredDuration = Optional.empty();
    private Requester requester = Requester.LOCAL;
    private JobProgress progress = JobProgress.NONE;
    private Optional<SpeechToText.Started> generation = Optional.empty();
    private boolean resumed;

    private Builder(AudioFetch audio) {
      this.audio = audio;
    }

    public Builder language(Optional<String> value) { this.language = value; return this; }
    public Builder language(String value) { return language(Optional.of(value)); }
    public Builder model(Optional<String> value) { this.model = value; return this; }
    public Builder model(String value) { return model(Optional.of(value)); }
    public Builder platformKey(String value) { this.platformKey = Optional.of(value); return this; }
    public Builder declaredBytes(long value) {
      if (value < 0) throw new IllegalArgumentException("declared size must not be negative, got " + value);
      this.declaredBytes = OptionalLong.of(value);
      return this;
    }
    public Builder declaredDuration(Duration value) {
      if (value.isNegative()) throw new IllegalArgumentException("declared duration must not be negative, got " + value);
      this.declaredDuration = Optional.of(value);
      return this;
    }

    /** Who asks; without it, the operator at the command line ({@link Requester#LOCAL}). */
    public Builder requester(Requester value) { this.requester = value; return this; }

    /** Told as the job moves on, so its keeper can record where it is. */
    public Builder progress(JobProgress value) { this.progress = value; return this; }

    /** The job the service already took (kept across a restart): polled again, never created again. */
    public Builder generation(Optional<SpeechToText.Started> value) { this.generation = value; return this; }

    /** A job kept from before a restart, taken up again (not a new message). */
    public Builder resumed(boolean value) { this.resumed = value; return this; }

    public TranscriptionRequest build() {
      return new TranscriptionRequest(audio, language, model, platformKey, declaredBytes, declaredDuration, requester,
          progress, generation, resumed);
    }
  }
}
