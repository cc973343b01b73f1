package dev.voxscribe.telegram;

import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** The media a message carries and the kind that recognised it. */
record Found(MediaKind kind, Media media) {

  /** The first of {@code kinds} that finds media in the message. */
  static Optional<Found> in(Message message, List<MediaKind> kinds) {
    for (MediaKind kind : kinds) {
      Optional<Media> media = kind.find(message);
      if (media.isPresent()) return Optional.of(new Found(kind, media.get()));
    }
    return Optional.empty();
  }
}
