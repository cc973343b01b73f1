package dev.voxscribe.telegram;

import dev.voxscribe.core.MediaTypes;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Audio files (music player messages): transcribed in private chats, on request in groups. */
final class AudioKind implements MediaKind {
  @Override
  public Optional<Media> find(Message message) {
    Audio a = message.getAudio();
    if (a == null) return Optional.empty();
    String name = a.getFileName() == null || a.getFileName().isBlank() ? "audio.mp3" : a.getFileName();
    String type = a.getMimeType() != null ? a.getMimeType() : MediaTypes.guess(name).orElse("audio/mpeg");
    return Optional.of(new Media("audio file", a.getFileId(), a.getFileUniqueId(), Media.size(a.getFileSize()),
        Media.seconds(a.getDuration()), name, type, true));
  }

  @Override
  public boolean autoInGroups() {
    return false;
  }
}
