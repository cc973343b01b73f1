package dev.voxscribe.discord;

import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Transcribe" message menu: every audio or video attachment of the message, voice messages
 * included. Discord sends the target message whole, so this works without the Message Content intent.
 */
final class TranscribeMenu implements Handlers.MessageMenu {
  private static final Logger log = LoggerFactory.getLogger(TranscribeMenu.class);

  private final Transcriber transcriber;

  TranscribeMenu(Transcriber transcriber) {
    this.transcriber = transcriber;
  }

  @Override
  public CommandData data() {
    return Commands.message(Messages.MENU_NAME)
        .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
  }

  @Override
  public void handle(MessageContextInteractionEvent event) {
    Message target = event.getTarget();
    List<Message.Attachment> media = target.getAttachments().stream().filter(AttachmentAudio::isMedia).toList();
    log.info("Transcribe menu by user {} on message {}: {} of {} attachments are media", event.getUser().getId(),
        target.getId(), media.size(), target.getAttachments().size());
    if (media.isEmpty()) {
      Replies.privately(event, Messages.noMediaInMessage());
      return;
    }
    Transcriber.Batch batch = transcriber.start(media, Optional.empty(), "interaction " + event.getId());
    Deferral.answer(event, batch, false, transcriber.service().limits(), transcriber.answerWithin());
  }
}
