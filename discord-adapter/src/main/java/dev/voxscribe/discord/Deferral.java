package dev.voxscribe.discord;

import dev.voxscribe.core.transcribe.TranscriptionLimits;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an interaction with a transcription batch: refused at once (privately) when the limits
 * already said no, else deferred within Discord's 3 seconds and completed when the work is done.
 */
final class Deferral {
  private static final Logger log = LoggerFactory.getLogger(Deferral.class);

  private Deferral() {}

  static void answer(IReplyCallback event, Transcriber.Batch batch, boolean privately, TranscriptionLimits limits) {
    if (batch.allFailedAlready()) {
      TranscriptReply refusal = TranscriptReply.of(batch.failedNow(), limits);
      Replies.privately(event, String.join("\n\n", refusal.messages()))
          .whenComplete((v, error) -> logFailure(event, error));
      return;
    }
    event.deferReply(privately).submit().whenComplete((hook, error) -> {
      if (error != null) log.warn("Could not defer interaction {}: {}", event.getId(), error.toString());
    });
    batch.outcomes()
        .thenCompose(outcomes -> Replies.toInteraction(event.getHook(), TranscriptReply.of(outcomes, limits), privately))
        .whenComplete((v, error) -> logFailure(event, error));
  }

  private static void logFailure(IReplyCallback event, Throwable error) {
    if (error != null) log.warn("Could not answer interaction {}: {}", event.getId(), error.toString());
  }
}
