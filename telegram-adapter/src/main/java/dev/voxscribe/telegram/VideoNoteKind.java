package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.VideoNote;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Round video messages (MP4, no MIME type in the update): treated like voice notes. */
final class VideoNoteKind implements MediaKind {
  @Override
  public Optional<Media> find(Message message) {
    VideoNote v = message.getVideoNote();
    if (v == null) return Optional.empty();
    Long size = v.getFileSize() == null ? null : v.getFileSize().longValue();
    return Optional.of(new Media("video note", v.getFileId(), v.getFileUniqueId(), Media.size(size),
        Media.seconds(v.getDuration()), "video_note.mp4", "video/mp4", true));
  }

  @Override
  public boolean autoInGroups() {
    return true;
  }
}
