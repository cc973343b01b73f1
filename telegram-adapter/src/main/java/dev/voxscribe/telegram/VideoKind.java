package dev.voxscribe.telegram;

import dev.voxscribe.core.MediaTypes;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Video;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Videos: transcribed in private chats, on request in groups. */
final class VideoKind implements MediaKind {
  @Override
  public Optional<Media> find(Message message) {
    Video v = message.getVideo();
    if (v == null) return Optional.empty();
    String name = v.getFileName() == null || v.getFileName().isBlank() ? "video.mp4" : v.getFileName();
    String type = v.getMimeType() != null ? v.getMimeType() : MediaTypes.guess(name).orElse("video/mp4");
    return Optional.of(new Media("video", v.getFileId(), v.getFileUniqueId(), Media.size(v.getFileSize()),
        Media.seconds(v.getDuration()), name, type, true));
  }

  @Override
  public boolean autoInGroups() {
    return false;
  }
}
