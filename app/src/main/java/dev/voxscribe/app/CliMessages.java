package dev.voxscribe.app;

import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.transcribe.TranscriptionLimits;

/** Every line the command line prints about a failure: one line, no stack trace, the variable to fix. */
final class CliMessages {
  private CliMessages() {}

  static final String NO_PLATFORM =
      "No platform to start: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN (or use 'java -jar voxscribe.jar transcribe <file>').";
  static final String NO_KEY =
      "AIML_API_KEY is not set: get a key at https://aimlapi.com and put it in the environment or voxscribe.yml.";

  static String failure(TranscriptionException e, TranscriptionLimits limits) {
    return switch (e.kind()) {
      case REJECTED_KEY -> "The AI/ML API rejected the key in AIML_API_KEY (HTTP 401): check it at https://aimlapi.com.";
      case OUT_OF_CREDITS -> "The AI/ML API account behind AIML_API_KEY is out of credits (HTTP 403): top it up to continue.";
      case TOO_LARGE -> "The file is larger than the limit of " + limits.maxMegabytes() + " MB (VOXSCRIBE_MAX_FILE_MB).";
      case TOO_LONG -> "The audio is longer than the limit of " + limits.maxAudio().toSeconds() + " s (VOXSCRIBE_MAX_AUDIO_SECONDS).";
      case UNSUPPORTED_MEDIA -> "That is not an audio or video file.";
      case BUSY -> "Too many transcriptions at once; try again shortly.";
      case DOWNLOAD_FAILED -> "Could not read the audio: " + e.getMessage();
      case BAD_REQUEST -> "The AI/ML API refused the request: " + e.getMessage();
      case NOT_FOUND -> "The AI/ML API no longer knows this job (results are kept one hour).";
      case RATE_LIMITED -> "The AI/ML API is rate limiting us; try again in a minute.";
      case SERVICE_ERROR -> "The AI/ML API is having trouble (" + e.getMessage() + "); try again later.";
      case TRANSPORT -> "Could not reach the AI/ML API (check AIML_API_URL and the network): " + e.getMessage();
      case JOB_FAILED -> "The transcription failed: " + e.getMessage();
      case DEADLINE -> "The transcription did not finish in time (VOXSCRIBE_JOB_TIMEOUT).";
      // The command line runs as the operator, without quotas; said anyway should that change.
      case QUOTA, NOT_ALLOWED -> "Refused by a limit: " + e.getMessage();
    };
  }
}
