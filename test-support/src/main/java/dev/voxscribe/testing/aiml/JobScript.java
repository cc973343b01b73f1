package dev.voxscribe.testing.aiml;

import java.time.Duration;
import java.util.Optional;

/**
 * How one fake job behaves: what it returns, in which result shape, and when it becomes final
 * (after a number of polls, or after processing time on the wall clock).
 */
public final class JobScript {
  /** The result shapes of CONTRACT.md. */
  public enum Shape {
    DEEPGRAM("completed-deepgram.json"),
    ASSEMBLYAI("completed-assemblyai.json"),
    TEXT("completed-text.json"),
    OUTPUT_ENVELOPE("completed-output-envelope.json"),
    /** microsoft/mai-transcribe: {@code text}, and the length billed in {@code usage.seconds}. */
    MAI("completed-mai.json");

    final String fixture;

    Shape(String fixture) {
      this.fixture = fixture;
    }
  }

  final String text;
  final Shape shape;
  final int pollsBeforeReady;
  final Optional<Duration> processing;
  final Optional<String> failure;
  final boolean never;
  final String pendingStatus;
  /** The speaker of each word, in order (Deepgram: numbers; AssemblyAI: letters); empty: not diarized. */
  java.util.List<String> speakers = java.util.List.of();
  /** The confidence every word is reported with. */
  double confidence = 0.9;

  private JobScript(String text, Shape shape, int pollsBeforeReady, Optional<Duration> processing,
      Optional<String> failure, boolean never, String pendingStatus) {
    this.text = text;
    this.shape = shape;
    this.pollsBeforeReady = pollsBeforeReady;
    this.processing = processing;
    this.failure = failure;
    this.never = never;
    this.pendingStatus = pendingStatus;
  }

  private JobScript with(java.util.List<String> newSpeakers, double newConfidence) {
    JobScript copy = new JobScript(text, shape, pollsBeforeReady, processing, failure, never, pendingStatus);
    copy.speakers = java.util.List.copyOf(newSpeakers);
    copy.confidence = newConfidence;
    return copy;
  }

  /** Diarized: word {@code i} is said by {@code speakers[i]} (the last one for the words after). */
  public JobScript speakers(String... perWord) {
    return with(java.util.List.of(perWord), confidence);
  }

  /** Every word is reported with this confidence (silence artefacts come with low ones). */
  public JobScript confidence(double c) {
    return with(speakers, c);
  }

  /** Completes with {@code text} (Deepgram shape) on the first poll. */
  public static JobScript completes(String text) {
    return new JobScript(text, Shape.DEEPGRAM, 0, Optional.empty(), Optional.empty(), false, "generating");
  }

  /** Ends as failed with the service's {@code message}. */
  public static JobScript fails(String message) {
    return new JobScript("", Shape.DEEPGRAM, 0, Optional.empty(), Optional.of(message), false, "generating");
  }

  /** Stays pending forever (deadline tests). */
  public static JobScript neverFinishes() {
    return new JobScript("", Shape.DEEPGRAM, 0, Optional.empty(), Optional.empty(), true, "queued");
  }

  public JobScript shape(Shape s) {
    return keep(new JobScript(text, s, pollsBeforeReady, processing, failure, never, pendingStatus));
  }

  private JobScript keep(JobScript next) {
    next.speakers = speakers;
    next.confidence = confidence;
    return next;
  }

  /** Answers pending to the first {@code n} polls. */
  public JobScript afterPolls(int n) {
    return keep(new JobScript(text, shape, n, processing, failure, never, pendingStatus));
  }

  /** Pending until {@code d} after create, by the wall clock (benchmarks). */
  public JobScript after(Duration d) {
    return keep(new JobScript(text, shape, pollsBeforeReady, Optional.of(d), failure, never, pendingStatus));
  }

  /** The status word while pending ({@code waiting}, {@code queued}, {@code active}, …). */
  public JobScript pendingStatus(String status) {
    return keep(new JobScript(text, shape, pollsBeforeReady, processing, failure, never, status));
  }
}
