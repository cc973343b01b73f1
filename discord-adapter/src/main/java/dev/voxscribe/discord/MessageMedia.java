package dev.voxscribe.discord;

import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.messages.MessageSnapshot;

/**
 * The audio and video a message carries, its own and that of the message it forwards. A forward
 * has no attachments of its own: Discord puts the original's in {@code message_snapshots} (one
 * snapshot today), with the original's flags, so a forwarded voice message is recognised there.
 */
final class MessageMedia {
  private MessageMedia() {}

  /** Every audio or video attachment, own ones first, then the forwarded ones. */
  static List<Message.Attachment> all(Message message) {
    List<Message.Attachment> all = new ArrayList<>(message.getAttachments());
    for (MessageSnapshot snapshot : message.getMessageSnapshots()) all.addAll(snapshot.getAttachments());
    return all.stream().filter(AttachmentAudio::isMedia).toList();
  }

  /** The audio of a voice message, or of a forwarded voice message; empty for anything else. */
  static List<Message.Attachment> voice(Message message) {
    if (message.isVoiceMessage()) return media(message.getAttachments());
    for (MessageSnapshot snapshot : message.getMessageSnapshots()) {
      if (snapshot.getFlags().contains(Message.MessageFlag.IS_VOICE_MESSAGE)) return media(snapshot.getAttachments());
    }
    return List.of();
  }

  /** Whether the message is a voice message or forwards one (its audio may still be withheld). */
  static boolean isVoice(Message message) {
    return message.isVoiceMessage() || message.getMessageSnapshots().stream()
        .anyMatch(s -> s.getFlags().contains(Message.MessageFlag.IS_VOICE_MESSAGE));
  }

  private static List<Message.Attachment> media(List<Message.Attachment> attachments) {
    return attachments.stream().filter(AttachmentAudio::isMedia).toList();
  }
}
