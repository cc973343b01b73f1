package dev.voxscribe.telegram;

import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.ExternalReplyInfo;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The media of a message replied to from another chat or topic. The Bot API does not embed such a
 * message as {@code reply_to_message}; {@code external_reply} carries its origin and its media
 * (voice, audio, video, video_note, document, animation), whatever part of it was quoted.
 */
final class Quoted {
  private Quoted() {}

  static Optional<Found> media(Message message, List<MediaKind> kinds) {
    ExternalReplyInfo info = message.getExternalReplyInfo();
    if (info == null) return Optional.empty();
    // The media kinds read messages: carry the media over into one, nothing else.
    Message carrier = new Message();
    carrier.setVoice(info.getVoice());
    carrier.setAudio(info.getAudio());
    carrier.setVideo(info.getVideo());
    carrier.setVideoNote(info.getVideoNote());
    carrier.setDocument(info.getDocument());
    carrier.setAnimation(info.getAnimation());
    return Found.in(carrier, kinds);
  }
}
