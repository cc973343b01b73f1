package dev.voxscribe.telegram;

import dev.voxscribe.core.MediaTypes;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Files sent as documents: speech only when the MIME type is audio/* or video/* (the file name's
 * extension decides when Telegram gives no type). Other documents are found but marked as no speech,
 * so private chats can say what the bot accepts.
 */
final class DocumentKind implements MediaKind {
  @Override
  public Optional<Media> find(Message message) {
    Document d = message.getDocument();
    // The Bot API also fills in "document" for every animation (GIFs as silent MP4s): no speech,
    // and transcribing one would cost a download and a create for "no speech found".
    if (d == null || message.getAnimation() != null) return Optional.empty();
    String name = d.getFileName() == null || d.getFileName().isBlank() ? "file" : d.getFileName();
    Optional<String> declared = Optional.ofNullable(d.getMimeType()).filter(t -> !t.isBlank());
    // Some clients label every file application/octet-stream: the extension knows better then.
    Optional<String> type = declared.filter(t -> !t.equalsIgnoreCase("application/octet-stream"))
        .or(() -> MediaTypes.guess(name))
        .or(() -> declared);
    boolean speech = type.map(MediaTypes::isTranscribable).orElse(false);
    return Optional.of(new Media("document", d.getFileId(), d.getFileUniqueId(), Media.size(d.getFileSize()),
        Optional.empty(), name, type.orElse("application/octet-stream"), speech));
  }

  @Override
  public boolean autoInGroups() {
    return false;
  }
}
