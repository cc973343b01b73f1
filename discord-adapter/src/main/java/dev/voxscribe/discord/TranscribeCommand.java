package dev.voxscribe.discord;

import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.Languages;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /transcribe file:<attachment> [language:<code>] [private:<bool>]}. */
final class TranscribeCommand implements Handlers.Slash {
  static final String NAME = "transcribe";
  static final String FILE = "file";
  static final String LANGUAGE = "language";
  static final String PRIVATE = "private";
  private static final Logger log = LoggerFactory.getLogger(TranscribeCommand.class);

  private final Transcriber transcriber;

  TranscribeCommand(Transcriber transcriber) {
    this.transcriber = transcriber;
  }

  @Override
  public CommandData data() {
    return Reach.everywhere(Commands.slash(NAME, Messages.TRANSCRIBE_DESCRIPTION)
        .addOptions(
            new OptionData(OptionType.ATTACHMENT, FILE, Messages.FILE_DESCRIPTION, true),
            new OptionData(OptionType.STRING, LANGUAGE, Messages.LANGUAGE_DESCRIPTION, false).setMaxLength(16),
            new OptionData(OptionType.BOOLEAN, PRIVATE, Messages.PRIVATE_DESCRIPTION, false)));
  }

  @Override
  public void handle(SlashCommandInteractionEvent event) {
    Message.Attachment file = event.getOption(FILE, OptionMapping::getAsAttachment);
    // Where the bot is no member, only the caller sees the answer unless they ask for it in the open.
    boolean privately = event.getOption(PRIVATE, Reach.onlyThroughInteraction(event), OptionMapping::getAsBoolean);
    Optional<String> language = Optional.ofNullable(event.getOption(LANGUAGE, OptionMapping::getAsString))
        .map(String::strip).filter(s -> !s.isEmpty());
    log.info("/transcribe by user {} in channel {} ({}{}): attachment {}", event.getUser().getId(),
        event.getChannelId(), event.getContext(), Reach.onlyThroughInteraction(event) ? ", bot not a member" : "",
        file == null ? "none" : file.getId());
    if (file == null) {
      Replies.privately(event, Messages.to(event).unexpected());
      return;
    }
    // "xx" has a code's shape but names no language: refused here, before any download or create.
    Optional<String> code = language.flatMap(Languages::normalize).filter(l -> l.equals(Languages.AUTO) || Languages.known(l));
    if (language.isPresent() && code.isEmpty()) {
      Replies.privately(event, Messages.to(event).badLanguage(language.get()));
      return;
    }
    if (!AttachmentAudio.isMedia(file)) {
      Replies.privately(event, Messages.to(event).notMedia(file.getFileName()));
      return;
    }
    List<AttachmentRef> refs = List.of(AttachmentRef.of(file));
    Requester who = Askers.of(event);
    JobKeeper keeper = transcriber.keeper();
    keeper.run(DiscordJobs.interaction(DiscordJobs.Kind.COMMAND, event.getId(), event.getToken(),
        event.getTimeCreated().toInstant(), event.getChannelId(), Optional.empty(), who, refs, code,
        privately, Messages.to(event).locale(), keeper.clock().instant()), job -> {
          Transcriber.Batch batch = transcriber.startRefs(refs, code, "interaction " + event.getId(), who,
              job::progress, Map.of());
          return Deferral.answer(event, batch, privately, transcriber.service().limits(), transcriber.answerWithin(),
              transcriber.service().metrics(), job);
        });
  }
}
