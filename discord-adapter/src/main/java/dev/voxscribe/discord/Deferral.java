package dev.voxscribe.discord;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  /**
   * @param job the interaction's job: asked just before the answer goes out whether it is still this
   *     instance's (another may have taken it over and answers it)
   * @return completes once the answer is out (or could not be sent, or is another instance's to send)
   */
  static CompletableFuture<?> answer(IReplyCallback event, Transcriber.Batch batch, boolean privately,
      TranscriptionLimits limits, Duration answerWithin, Metrics metrics, JobKeeper.Tracked job) {
    Messages messages = Messages.to(event);
    if (batch.allFailedAlready()) {
      return Replies.privately(event, TranscriptReply.of(batch.failedNow(), limits, messages))
          .whenComplete((v, error) -> logFailure(event, error));
    }
    Replies.defer(event, privately).whenComplete((hook, error) -> {
      if (error != null) log.warn("Could not defer interaction {}: {}", event.getId(), error.toString());
    });
    java.util.concurrent.atomic.AtomicReference<Metrics.Delivery> delivery = new java.util.concurrent.atomic.AtomicReference<>();
    return batch.outcomes()
        // The interaction token lives 15 minutes: answer before it expires, even if the job goes on.
        .orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
        .handle((outcomes, error) -> {
          delivery.set(metrics.delivery(Transcriber.PLATFORM));
          if (error == null) return Map.entry(TranscriptReply.of(outcomes, limits, messages), batch.buttons(outcomes, messages));
          log.warn("Interaction {} not answered within {} s: telling the user it took too long",
              event.getId(), answerWithin.toSeconds());
          return Map.entry(new TranscriptReply(List.of(messages.failure(FailureKind.DEADLINE, limits)), Optional.empty(),
              true), List.<ActionRow>of());
        })
        .thenCompose(reply -> job.delivering()
            ? Replies.toInteraction(event.getHook(), reply.getKey(), privately, reply.getValue())
            : CompletableFuture.completedFuture(null))
        .whenComplete((v, error) -> {
          logFailure(event, error);
          if (error == null && delivery.get() != null) delivery.get().sent();
        });
  }

  /** A minute short of the 15 minutes an interaction token lives. */
  static final Duration ANSWER_WITHIN = Duration.ofMinutes(14);

  private static void logFailure(IReplyCallback event, Throwable error) {
    if (error != null) log.warn("Could not answer interaction {}: {}", event.getId(), error.toString());
  }
}
