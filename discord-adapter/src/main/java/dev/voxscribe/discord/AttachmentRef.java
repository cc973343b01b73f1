package dev.voxscribe.discord;

import java.time.Duration;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;

/**
 * What the bot needs of an attachment to transcribe it, so a job kept in the store can fetch it
 * again after a restart without the message it came in.
 */
record AttachmentRef(String id, String url, String filename, Optional<String> contentType, long size,
    Optional<Duration> length, boolean voice) {

  AttachmentRef(String id, String url, String filename, Optional<String> contentType, long size,
      Optional<Duration> length) {
    this(id, url, filename, contentType, size, length, false);
  }

  /** {@code voice}: a voice message (it carries a waveform), not an audio or video file. */
  static AttachmentRef of(Message.Attachment a) {
    return new AttachmentRef(a.getId(), a.getUrl(), a.getFileName(), AttachmentAudio.contentType(a),
        Math.max(0, a.getSize()), AttachmentAudio.announcedLength(a), a.getWaveform() != null);
  }
}
