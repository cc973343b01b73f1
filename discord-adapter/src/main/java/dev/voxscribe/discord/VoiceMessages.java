package dev.voxscribe.discord;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.Spending;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice messages (flag {@code IS_VOICE_MESSAGE}), and forwards of voice messages (the flag is on
 * the snapshot), transcribed on arrival: always in direct messages, in servers where
 * {@code /autotranscribe} switched it on. The transcript replies to the (forwarded) voice message
 * in its channel or thread.
 */
final class VoiceMessages implements Handlers.OnMessage {
  private static final Logger log = LoggerFactory.getLogger(VoiceMessages.class);

  private final Transcriber transcriber;
  private final AutoSettings settings;

  VoiceMessages(Transcriber transcriber, AutoSettings settings) {
    this.transcriber = transcriber;
    this.settings = settings;
  }

  /**
   * What auto-transcription in a server tells: nothing outside the allowlist, and a used-up quota
   * once a day per person; everything else as it came.
   */
  private List<Outcome> told(List<Outcome> outcomes, Requester who) {
    Spending spending = transcriber.service().spending();
    List<Outcome> kept = new ArrayList<>();
    boolean noticeChecked = false;
    boolean tell = false;
    for (Outcome o : outcomes) {
      if (o instanceof Outcome.Failed f && f.error().kind() == FailureKind.NOT_ALLOWED) continue;
      if (o instanceof Outcome.Failed f && f.error().refusal().isPresent()) {
        if (!noticeChecked) {
          tell = spending.firstNotice(who);
          noticeChecked = true;
        }
        if (!tell) continue;
      }
      kept.add(o);
    }
    return kept;
  }

  /**
   * The language of the notes under an auto-transcript: the channel's {@code /autotranscribe ui}
   * choice, else the server's own language; English in direct messages (a message carries no
   * locale of its author).
   */
  private Messages messagesFor(Message message) {
    if (!message.isFromGuild()) return Messages.ENGLISH;
    try {
      return settings.uiIn(message.getGuildChannel()).map(code -> Messages.in(java.util.Locale.forLanguageTag(code)))
          .orElseGet(() -> Messages.in(message.getGuild().getLocale()));
    } catch (RuntimeException e) {
      log.warn("Could not read the language of channel {}: {}", message.getChannelId(), e.toString());
      return Messages.in(message.getGuild().getLocale());
    }
  }

  /** Whether auto-transcription takes the message at all: a voice message (or its forward) by a person. */
  static boolean wanted(Message message) {
    return MessageMedia.isVoice(message) && !message.getAuthor().isBot() && !message.isWebhookMessage();
  }

  @Override
  public void handle(MessageReceivedEvent event) {
    Message message = event.getMessage();
    if (!wanted(message)) return;
    if (event.isFromGuild() && !settings.enabledIn(event.getGuildChannel())) return;
    transcribe(message);
  }

  /**
   * Transcribes a voice message as auto-transcription does, replying to it in its channel: one
   * that just arrived, or one found by the catch-up after a reconnect.
   */
  void transcribe(Message message) {
    List<Message.Attachment> media = MessageMedia.voice(message);
    if (media.isEmpty()) {
      // Server messages arrive without attachments when the Message Content intent is missing.
      log.debug("Voice message {} in channel {} came without its audio", message.getId(), message.getChannelId());
      return;
    }
    log.info("Voice message {} in channel {}: transcribing", message.getId(), message.getChannelId());
    Requester who = Askers.of(message);
    List<AttachmentRef> refs = media.stream().map(AttachmentRef::of).toList();
    JobKeeper keeper = transcriber.keeper();
    boolean fromGuild = message.isFromGuild();
    boolean dm = message.getChannelType() == net.dv8tion.jda.api.entities.channel.ChannelType.PRIVATE;
    Messages messages = messagesFor(message);
    keeper.run(DiscordJobs.message(message.getId(), message.getChannelId(), who, refs, messages.locale(),
        keeper.clock().instant()), job -> {
      // Off the gateway thread, as the job's own record: where the catch-up after a reconnect starts.
      // In a direct message, by its user: that opens the DM again after a restart.
      try {
        if (fromGuild) settings.sawVoice(message.getChannelId(), message.getIdLong());
        else if (dm) settings.sawDmVoice(message.getAuthor().getId(), message.getIdLong());
      } catch (RuntimeException e) {
        log.warn("Could not note voice message {} as the last seen in channel {}: {}", message.getId(),
            message.getChannelId(), e.toString());
      }
      Transcriber.Batch batch = transcriber.startRefs(refs, Optional.empty(), "message " + message.getId(), who,
          job::progress, java.util.Map.of());
      java.util.concurrent.atomic.AtomicReference<dev.voxscribe.core.Metrics.Delivery> delivery = new java.util.concurrent.atomic.AtomicReference<>();
      return batch.outcomes()
          .thenCompose(all -> {
            // Buttons first: the transcripts are kept, so a summary made now is kept for the Summary button too.
            List<ActionRow> rows = batch.buttons(all, messages);
            return batch.withAutoSummaries(all, who).thenApply(summarised -> Map.entry(summarised, rows));
          })
          .thenCompose(done -> {
            // Another instance took the job over while this one was presumed dead: that one answers.
            if (!job.delivering()) return CompletableFuture.completedFuture(null);
            List<Outcome> outcomes = fromGuild ? told(done.getKey(), who) : done.getKey();
            if (outcomes.isEmpty()) return CompletableFuture.completedFuture(null);
            delivery.set(transcriber.service().metrics().delivery(Transcriber.PLATFORM));
            return Replies.toMessage(message, TranscriptReply.of(outcomes, transcriber.service().limits(), messages),
                done.getValue());
          })
          .whenComplete((v, error) -> {
            if (error != null) log.warn("Could not reply to voice message {}: {}", message.getId(), error.toString());
            else if (delivery.get() != null) delivery.get().sent();
          });
    });
  }
}
