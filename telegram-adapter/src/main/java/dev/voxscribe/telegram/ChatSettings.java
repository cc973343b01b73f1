package dev.voxscribe.telegram;

import dev.voxscribe.core.settings.SettingsStore;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;

/** Per-chat settings in the shared store, under the scope {@code telegram:chat:<id>}. */
final class ChatSettings {
  static final String AUTO = "auto";
  static final String LANGUAGE = "language";
  static final String PROGRESS = "progress";
  static final String PROGRESS_REACTION = "reaction";
  static final String PROGRESS_MESSAGE = "message";
  /** The language value that means "detect". */
  static final String DETECT = "auto";
  /** The language the bot writes in ({@code /ui}): a supported code, or {@link #UI_AUTO}. */
  static final String UI = "ui";
  /** The {@code /ui} value that means "the language of the person the reply answers". */
  static final String UI_AUTO = "auto";

  private final SettingsStore store;
  private final boolean groupAutoDefault;

  ChatSettings(SettingsStore store, boolean groupAutoDefault) {
    this.store = store;
    this.groupAutoDefault = groupAutoDefault;
  }

  static String scope(long chatId) {
    return "telegram:chat:" + chatId;
  }

  /** Whether the group transcribes voice and video notes unasked; {@code TELEGRAM_GROUP_AUTO} until set. */
  boolean auto(long chatId) {
    return store.get(scope(chatId), AUTO).map(Boolean::parseBoolean).orElse(groupAutoDefault);
  }

  /**
   * As {@link #auto(long)}, except that a channel is off until an admin posts {@code /auto on} in
   * it: a channel's subscribers did not ask for transcripts under every post.
   */
  boolean auto(Chat chat) {
    if (Boolean.TRUE.equals(chat.isChannelChat())) {
      return store.get(scope(chat.getId()), AUTO).map(Boolean::parseBoolean).orElse(false);
    }
    return auto(chat.getId());
  }

  void setAuto(long chatId, boolean on) {
    store.put(scope(chatId), AUTO, Boolean.toString(on));
  }

  /** The chat's language code, or {@link #DETECT}; empty when the chat never chose (the configured default applies). */
  Optional<String> language(long chatId) {
    return store.get(scope(chatId), LANGUAGE);
  }

  /**
   * A group became a supergroup with a new id: its choices move along (unless the supergroup
   * already has its own).
   */
  void migrate(long fromChatId, long toChatId) {
    for (String key : new String[] {AUTO, LANGUAGE, UI, PROGRESS}) {
      Optional<String> value = store.get(scope(fromChatId), key);
      if (value.isPresent() && store.get(scope(toChatId), key).isEmpty()) store.put(scope(toChatId), key, value.get());
      store.remove(scope(fromChatId), key);
    }
  }

  /** Whether a group shows progress as a 👀 reaction (the default) rather than a placeholder message. */
  boolean progressByReaction(long chatId) {
    return !store.get(scope(chatId), PROGRESS).map(PROGRESS_MESSAGE::equals).orElse(false);
  }

  void setProgressByReaction(long chatId, boolean reaction) {
    store.put(scope(chatId), PROGRESS, reaction ? PROGRESS_REACTION : PROGRESS_MESSAGE);
  }

  void setLanguage(long chatId, String codeOrDetect) {
    store.put(scope(chatId), LANGUAGE, codeOrDetect);
  }

  /** The group's {@code /ui} choice: a language code or {@link #UI_AUTO}; empty when never chosen (auto). */
  Optional<String> ui(long chatId) {
    return store.get(scope(chatId), UI);
  }

  void setUi(long chatId, String codeOrAuto) {
    store.put(scope(chatId), UI, codeOrAuto);
  }
}
