package dev.voxscribe.discord;

import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtraResult;
import dev.voxscribe.core.extras.Press;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.format.TextChunks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A press of Summary, Translate or Subtitles under a transcript: deferred privately at once (well
 * within Discord's 3 seconds), then answered to whoever pressed, only them. The transcript itself
 * is never changed. An expired transcript is said so at once, without a deferral.
 */
final class TranscriptButtons implements Handlers.Button {
  private static final Logger log = LoggerFactory.getLogger(TranscriptButtons.class);
  private static final List<Message.MentionType> NO_MENTIONS = List.of();

  private final Optional<TranscriptExtras> extras;

  TranscriptButtons(Optional<TranscriptExtras> extras) {
    this.extras = extras;
  }

  @Override
  public boolean handles(String customId) {
    return Press.parse(customId).isPresent();
  }

  @Override
  public void handle(ButtonInteractionEvent event) {
    Messages messages = Messages.to(event);
    Optional<Press> press = Press.parse(event.getComponentId());
    if (press.isEmpty() || extras.isEmpty()) {
      Replies.privately(event, messages.unavailable());
      return;
    }
    String language = event.getUserLocale().getLocale();
    log.info("Button {} pressed by user {} in channel {} (transcript {})", press.get().action(), event.getUser().getId(),
        event.getChannelId(), press.get().transcriptId());
    CompletableFuture<ExtraResult> result =
        extras.get().press(press.get(), Optional.of(language), Askers.of(event));
    if (result.isDone() && result.join() instanceof ExtraResult.Expired) {
      Replies.privately(event, messages.expired());
      return;
    }
    if (result.isDone() && result.join() instanceof ExtraResult.Unavailable) {
      Replies.privately(event, messages.unavailable());
      return;
    }
    if (result.isDone() && result.join() instanceof ExtraResult.Refused refused) {
      // The limits said no before anything was asked: at once, to whoever pressed only.
      Replies.privately(event, messages.refusal(refused.refusal()));
      return;
    }
    event.deferReply(true).submit().whenComplete((hook, error) -> {
      if (error != null) log.warn("Could not defer button interaction {}: {}", event.getId(), error.toString());
    });
    result.thenCompose(r -> answer(event.getHook(), press.get().action(), r, messages)).whenComplete((ok, error) -> {
      if (error != null) log.warn("Could not answer button interaction {}: {}", event.getId(), error.toString());
    });
  }

  private static CompletableFuture<?> answer(InteractionHook hook, Action action, ExtraResult result,
      Messages messages) {
    if (result instanceof ExtraResult.Text text) {
      return texts(hook, action == Action.SUMMARY ? messages.summary(text.text())
          : messages.translation(text.language().orElse("en"), text.text()));
    }
    if (result instanceof ExtraResult.File file) {
      return hook.editOriginal(new MessageEditBuilder().setContent(messages.subtitles())
          .setFiles(FileUpload.fromData(file.content().getBytes(StandardCharsets.UTF_8), file.name()))
          .setAllowedMentions(NO_MENTIONS).build()).submit();
    }
    if (result instanceof ExtraResult.SameLanguage same) return texts(hook, messages.alreadyInLanguage(same.language()));
    if (result instanceof ExtraResult.Failed failed) return texts(hook, messages.extraFailed(action, failed.kind()));
    if (result instanceof ExtraResult.Expired) return texts(hook, messages.expired());
    if (result instanceof ExtraResult.Refused refused) return texts(hook, messages.refusal(refused.refusal()));
    return texts(hook, messages.unavailable());
  }

  /** The deferred answer, then private follow-ups for what does not fit in 2000 characters. */
  private static CompletableFuture<?> texts(InteractionHook hook, String text) {
    List<String> chunks = TextChunks.split(text, TranscriptReply.MAX_CHARS);
    CompletableFuture<?> chain = hook.editOriginal(new MessageEditBuilder().setContent(chunks.get(0))
        .setAllowedMentions(NO_MENTIONS).build()).submit();
    for (String chunk : chunks.subList(1, chunks.size())) {
      chain = chain.thenCompose(x -> hook.sendMessage(chunk).setEphemeral(true).setAllowedMentions(NO_MENTIONS).submit());
    }
    return chain;
  }
}
