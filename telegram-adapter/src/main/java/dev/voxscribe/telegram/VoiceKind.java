package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Voice notes (OGG/Opus): transcribed everywhere, unasked in groups with auto mode on. */
final class VoiceKind implements MediaKind {
  @Override
  public Optional<Media> find(Message message) {
    Voice v = message.getVoice();
    if (v == null) return Optional.empty();
    String type = v.getMimeType() == null ? "audio/ogg" : v.getMimeType();
    return Optional.of(new Media("voice note", v.getFileId(), v.getFileUniqueId(), Media.size(v.getFileSize()),
        Media.seconds(v.getDuration()), "voice.ogg", type, true));
  }

  @Override
  public boolean autoInGroups() {
    return true;
  }
}
