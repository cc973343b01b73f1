package dev.voxscribe.telegram;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code edited_message} and {@code edited_channel_post}: when a message the bot answered now
 * carries other audio or video (a new {@code file_unique_id}), the new media is transcribed and
 * the old reply edited into the new transcript. Every other edit (a caption, a text, the same
 * file, a message the bot never answered) is ignored.
 */
final class EditedMedia {
  private static final Logger log = LoggerFactory.getLogger(EditedMedia.class);

  private final List<MediaKind> kinds;
  private final Transcriber transcriber;

  EditedMedia(List<MediaKind> kinds, Transcriber transcriber) {
    this.kinds = kinds;
    this.transcriber = transcriber;
  }

  void handle(Message edited) {
    long chatId = edited.getChatId();
    Optional<Answered.Answer> before = transcriber.answered().of(chatId, edited.getMessageId());
    if (before.isEmpty()) return;
    Optional<Found> found = Found.in(edited, kinds);
    if (found.isEmpty() || !found.get().media().speech()) return;
    Media media = found.get().media();
    if (media.fileUniqueId().equals(before.get().fileUniqueId())) return; // a caption edit, not new media
    log.info("Message {} in chat {} now has another {}: transcribing it into reply {}", edited.getMessageId(), chatId,
        media.kind(), before.get().replyMessageId());
    // Noted now, not when the new transcript is delivered: a caption edit right after (Telegram sends
    // the whole message again) would otherwise look like new media and transcribe it a second time.
    transcriber.answered().record(ReplyTarget.to(edited), media.fileUniqueId(), before.get().replyMessageId());
    transcriber.redo(media, ReplyTarget.to(edited), before.get().replyMessageId(), Asker.of(edited, true));
  }
}
