package dev.voxscribe.discord;

import dev.voxscribe.core.spend.Requester;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Transcribe" message menu: every audio or video attachment of the message, voice messages
 * included, and those of the message it forwards. Discord sends the target message whole, so this
 * works without the Message Content intent. Where the bot is no member the answer is private.
 */
final class TranscribeMenu implements Handlers.MessageMenu {
  private static final Logger log = LoggerFactory.getLogger(TranscribeMenu.class);

  private final Transcriber transcriber;

  TranscribeMenu(Transcriber transcriber) {
    this.transcriber = transcriber;
  }

  @Override
  public CommandData data() {
    return Reach.everywhere(Commands.message(Messages.MENU_NAME));
  }

  @Override
  public void handle(MessageContextInteractionEvent event) {
    Message target = event.getTarget();
    List<Message.Attachment> media = MessageMedia.all(target);
    boolean privately = Reach.onlyThroughInteraction(event);
    log.info("Transcribe menu by user {} on message {} ({}{}): {} media attachment(s){}", event.getUser().getId(),
        target.getId(), event.getContext(), privately ? ", bot not a member" : "", media.size(),
        target.getMessageSnapshots().isEmpty() ? "" : " in a forward");
    if (media.isEmpty()) {
      Replies.privately(event, Messages.to(event).noMediaInMessage());
      return;
    }
    List<AttachmentRef> refs = media.stream().map(AttachmentRef::of).toList();
    Requester who = Askers.of(event);
    JobKeeper keeper = transcriber.keeper();
    keeper.run(DiscordJobs.interaction(DiscordJobs.Kind.MENU, event.getId(), event.getToken(),
        event.getTimeCreated().toInstant(), event.getChannelId(), Optional.of(target.getId()), who,
        refs, Optional.empty(), privately, Messages.to(event).locale(), keeper.clock().instant()), job -> {
          Transcriber.Batch batch = transcriber.startRefs(refs, Optional.empty(), "interaction " + event.getId(), who,
              job::progress, Map.of());
          return Deferral.answer(event, batch, privately, transcriber.service().limits(), transcriber.answerWithin(),
              transcriber.service().metrics(), job);
        });
  }
}
