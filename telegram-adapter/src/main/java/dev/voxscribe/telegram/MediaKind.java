package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** One kind of media a message can carry, and how groups treat it. */
interface MediaKind {
  /** The media of this kind in the message, if it has one. */
  Optional<Media> find(Message message);

  /** Whether groups transcribe it without being asked, when their auto mode is on. */
  boolean autoInGroups();
}
