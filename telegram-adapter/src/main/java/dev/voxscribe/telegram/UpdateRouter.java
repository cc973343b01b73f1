package dev.voxscribe.telegram;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Takes updates from long polling or the webhook (through {@link Intake}), hands each to its chat's queue (off the polling
 * thread), and decides what a message is: a command for this bot, media to transcribe, or nothing.
 *
 * <p>Private chats: all media is transcribed; other documents get a one-line explanation. Groups
 * and channels: voice and video notes when the chat's auto mode is on; everything else only on
 * {@code /transcribe}. Edits are handed to {@link EditedMedia}.
 */
final class UpdateRouter {
  private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);

  private final Features features;
  private final ChatQueue queue;
  private final Transcriber transcriber;
  private final ChatSettings settings;
  private final BotApi api;
  private final Messages messages;
  private final String botUsername;
  private final EditedMedia edits;
  private final GuestQueries guests;
  private final Optional<ButtonPresses> presses;

  UpdateRouter(Features features, ChatQueue queue, Transcriber transcriber, ChatSettings settings, BotApi api,
      Messages messages, String botUsername, GuestQueries guests) {
    this(features, queue, transcriber, settings, api, messages, botUsername, guests, Optional.empty());
  }

  UpdateRouter(Features features, ChatQueue queue, Transcriber transcriber, ChatSettings settings, BotApi api,
      Messages messages, String botUsername, GuestQueries guests, Optional<ButtonPresses> presses) {
    this.edits = new EditedMedia(features.kinds(), transcriber);
    this.guests = guests;
    this.presses = presses;
    this.features = features;
    this.queue = queue;
    this.transcriber = transcriber;
    this.settings = settings;
    this.api = api;
    this.messages = messages;
    this.botUsername = botUsername;
  }

  /** Queues the update (a message, a button press, …) on its chat's queue; returns at once. */
  void accept(Update update) {
    accept(update, () -> {});
  }

  /**
   * As {@link #accept(Update)}; {@code handled} runs once the update's turn is over: by then any
   * transcription it started is a job of its own in the store.
   */
  void accept(Update update, Runnable handled) {
    CallbackQuery query = update.getCallbackQuery();
    if (query != null) {
      long chat = query.getMessage() != null && query.getMessage().getChatId() != null ? query.getMessage().getChatId() : 0;
      queue.submit(chat, () -> (presses.isPresent() ? presses.get().handle(query)
          : api.answerCallback(query.getId(), Optional.of(messages.unavailable()), true).exceptionally(e -> false))
          .whenComplete((v, e) -> handled.run()));
      return;
    }
    // A channel post is a message of its channel: the same commands and media rules, with the
    // channel's own auto mode.
    Message message = update.hasMessage() ? update.getMessage() : update.getChannelPost();
    if (message != null && message.getChat() != null) {
      queue.submit(message.getChatId(), () -> route(message).whenComplete((v, e) -> handled.run()));
      return;
    }
    Message guest = update.getGuestMessage();
    if (guest != null && guest.getChat() != null) {
      // Queued with the chat it came from, so one chat's guest queries are answered in order.
      queue.submit(guest.getChatId(), () -> guests.handle(guest).whenComplete((v, e) -> handled.run()));
      return;
    }
    Message edited = update.hasEditedMessage() ? update.getEditedMessage() : update.getEditedChannelPost();
    if (edited != null && edited.getChat() != null) {
      queue.submit(edited.getChatId(), () -> {
        try {
          edits.handle(edited);
        } finally {
          handled.run();
        }
        return done();
      });
      return;
    }
    handled.run();
  }

  CompletionStage<?> route(Message message) {
    Chat chat = message.getChat();
    if (message.getMigrateToChatId() != null) {
      settings.migrate(chat.getId(), message.getMigrateToChatId());
      log.info("Chat {} became supergroup {}: its settings moved along", chat.getId(), message.getMigrateToChatId());
      return done();
    }
    boolean privateChat = Boolean.TRUE.equals(chat.isUserChat());
    String text = message.getText();
    if (text != null && text.startsWith("/")) {
      Optional<CommandLine> line = CommandLine.parse(text, botUsername);
      if (line.isEmpty()) return done();
      Optional<Command> command = features.command(line.get().name());
      if (command.isPresent()) {
        log.debug("/{} in chat {} (message {})", line.get().name(), chat.getId(), message.getMessageId());
        return command.get().handle(message, line.get().args());
      }
      return privateChat ? api.reply(ReplyTarget.to(message), messages.to(message).privateHint()) : done();
    }
    Optional<Found> found = Found.in(message, features.kinds());
    if (found.isEmpty()) {
      return privateChat && text != null ? api.reply(ReplyTarget.to(message), messages.to(message).privateHint()) : done();
    }
    Media media = found.get().media();
    if (privateChat) {
      if (!media.speech()) return api.reply(ReplyTarget.to(message), messages.to(message).notAudio());
      transcriber.start(media, ReplyTarget.to(message), Asker.of(message, false));
    } else if (media.speech() && found.get().kind().autoInGroups() && settings.auto(chat)) {
      transcriber.start(media, ReplyTarget.to(message), Asker.of(message, true));
    }
    return done();
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
