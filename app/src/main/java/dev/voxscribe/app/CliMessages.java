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

  static final String JSON_AND_FORMAT = "--json is --format json: use one or the other.";
  static final String EXTRAS_NEED_TEXT = "--summary and --translate go with --format txt or json, not with subtitles.";
  static final String NO_TIMINGS =
      "This result has no word timings, so there are no subtitles: use a model that returns them, e.g. #g1_whisper-large.";
  static final String NO_SPEECH_NO_SUBTITLES = "No speech found, so there are no subtitles.";
  static final String SUMMARY_HEADING = "Summary:";

  static String badFormat(String given) {
    return "--format must be txt, json, srt or vtt, got '" + given + "'";
  }

  static String badLanguage(String given) {
    return "--translate needs a language code such as en, de or pt-BR, got '" + given + "'";
  }

  static String translationHeading(String code) {
    return "Translation (" + dev.voxscribe.core.format.Spoken.languageName(code.split("-")[0]) + "):";
  }

  /** One line for a summary or translation the chat model did not give. */
  static String chatFailure(dev.voxscribe.core.extras.ExtraResult r) {
    if (r instanceof dev.voxscribe.core.extras.ExtraResult.Failed f) {
      return switch (f.kind()) {
        case REJECTED_KEY -> "The AI/ML API rejected the key in AIML_API_KEY (HTTP 401) for the chat model.";
        case OUT_OF_CREDITS -> "The AI/ML API account behind AIML_API_KEY is out of credits (HTTP 403): no summary or translation.";
        case BAD_REQUEST -> "The chat model refused the request: check VOXSCRIBE_LLM_MODEL.";
        case DEADLINE -> "The chat model took too long; try again later.";
        default -> "The chat model failed (" + f.kind() + "); the transcript above is complete.";
      };
    }
    return "The chat model gave no answer.";
  }

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
      case INTERRUPTED -> "The bot stopped after sending the audio and before the service answered; send it again.";
      // The command line runs as the operator, without quotas; said anyway should that change.
      case QUOTA, NOT_ALLOWED -> "Refused by a limit: " + e.getMessage();
    };
  }
}
