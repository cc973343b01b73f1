package dev.voxscribe.telegram;

import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** One slash command. Registered in {@link Features}; shown in Telegram's command menu. */
interface Command {
  /** The name without the slash, lower case ({@code transcribe}). */
  String name();

  /** The one-line description of the command menu. */
  String description();

  /** Whether the public command menu lists it (operators' commands are not listed). */
  default boolean inMenu() {
    return true;
  }

  /**
   * Handles one use of the command. The returned stage completes once the chat's state reflects it
   * (the next update of the same chat waits for it); it must not wait for a transcription.
   */
  CompletionStage<?> handle(Message message, String args);
}
