package dev.voxscribe.telegram;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /transcribe} as a reply: transcribes the replied-to message's media, whatever the chat's
 * auto mode, and answers that message (in the command's topic). A reply to a message of another
 * chat or topic ({@code external_reply}, with or without a {@code quote}) is transcribed too, as a
 * reply to the command.
 */
final class TranscribeCommand implements Command {
  private final List<MediaKind> kinds;
  private final Transcriber transcriber;
  private final BotApi api;
  private final Messages messages;

  TranscribeCommand(List<MediaKind> kinds, Transcriber transcriber, BotApi api, Messages messages) {
    this.kinds = kinds;
    this.transcriber = transcriber;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "transcribe";
  }

  @Override
  public String description() {
    return Messages.MENU_TRANSCRIBE;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    ReplyTarget here = ReplyTarget.to(message);
    Message original = message.getReplyToMessage();
    // In a forum topic, a command that replies to nothing "replies" to the topic's creation message.
    Optional<Found> found = original == null ? Optional.empty() : Found.in(original, kinds);
    if (found.isPresent()) {
      if (!found.get().media().speech()) return api.reply(here, messages.to(message).notAudio());
      transcriber.start(found.get().media(), ReplyTarget.to(original, message), Asker.of(message, false));
      return CompletableFuture.completedFuture(null);
    }
    // A reply to a message of another chat (or quoted from one): only its media came along, so the
    // transcript answers the command itself.
    Optional<Found> quoted = Quoted.media(message, kinds);
    if (quoted.isPresent()) {
      if (!quoted.get().media().speech()) return api.reply(here, messages.to(message).notAudio());
      transcriber.start(quoted.get().media(), here, Asker.of(message, false));
      return CompletableFuture.completedFuture(null);
    }
    if (original == null && message.getExternalReplyInfo() == null) return api.reply(here, messages.to(message).transcribeHowTo());
    return api.reply(here, messages.to(message).nothingToTranscribe());
  }
}
