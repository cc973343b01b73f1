package dev.voxscribe.discord;

import dev.voxscribe.core.settings.SettingsStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;

/**
 * Where voice messages are transcribed on arrival. A channel's own switch wins, then (for a
 * thread) its parent channel's, then the server's; off unless switched on.
 */
final class AutoSettings {
  static final String KEY = "auto";
  /** The language of the bot's notes under auto-transcripts: a supported code, or {@link #UI_AUTO}. */
  static final String UI = "ui";
  /** The {@code ui} value meaning "the server's language" ({@code preferred_locale}). */
  static final String UI_AUTO = "auto";
  static final String LAST_VOICE = "last_voice";
  private static final String DM_SCOPE = "discord:dm:";
  private static final String ON = "on";
  private static final String OFF = "off";

  private final SettingsStore store;

  AutoSettings(SettingsStore store) {
    this.store = store;
  }

  static String channelScope(String channelId) {
    return "discord:channel:" + channelId;
  }

  /**
   * A direct message, by the user's id: JDA keeps no DM channel across sessions, and the user's id
   * is what opens it again ({@code POST /users/@me/channels}).
   */
  static String dmScope(String userId) {
    return DM_SCOPE + userId;
  }

  static String guildScope(String guildId) {
    return "discord:guild:" + guildId;
  }

  boolean enabledIn(GuildChannel channel) {
    Optional<Boolean> own = read(channelScope(channel.getId()));
    if (own.isEmpty() && channel instanceof ThreadChannel thread) {
      own = read(channelScope(thread.getParentChannel().getId()));
    }
    return own.or(() -> read(guildScope(channel.getGuild().getId()))).orElse(false);
  }

  void setChannel(String channelId, boolean on) {
    store.put(channelScope(channelId), KEY, on ? ON : OFF);
  }

  void setGuild(String guildId, boolean on) {
    store.put(guildScope(guildId), KEY, on ? ON : OFF);
  }

  /**
   * The language chosen for notes under auto-transcripts in {@code channel}: its own choice, then
   * (for a thread) its parent's, then the server's; empty (or {@link #UI_AUTO}) means the server's
   * own language.
   */
  Optional<String> uiIn(GuildChannel channel) {
    Optional<String> own = store.get(channelScope(channel.getId()), UI);
    if (own.isEmpty() && channel instanceof ThreadChannel thread) {
      own = store.get(channelScope(thread.getParentChannel().getId()), UI);
    }
    return own.or(() -> store.get(guildScope(channel.getGuild().getId()), UI)).filter(ui -> !ui.equals(UI_AUTO));
  }

  void setChannelUi(String channelId, String codeOrAuto) {
    store.put(channelScope(channelId), UI, codeOrAuto);
  }

  void setGuildUi(String guildId, String codeOrAuto) {
    store.put(guildScope(guildId), UI, codeOrAuto);
  }

  /** The newest voice message seen in the channel, for the catch-up after a reconnect. */
  Optional<Long> lastVoice(String channelId) {
    return store.get(channelScope(channelId), LAST_VOICE).flatMap(AutoSettings::parse);
  }

  /** Remembers {@code messageId} as the newest voice message seen in the channel, unless a newer one is. */
  void sawVoice(String channelId, long messageId) {
    sawVoiceIn(channelScope(channelId), messageId);
  }

  /** As {@link #sawVoice}, for the direct message with {@code userId}. */
  void sawDmVoice(String userId, long messageId) {
    sawVoiceIn(dmScope(userId), messageId);
  }

  /** Every direct message a voice message was seen in: the user's id, and that newest voice message. */
  Map<String, Long> lastDmVoices() {
    Map<String, Long> found = new LinkedHashMap<>();
    store.withKey(DM_SCOPE, LAST_VOICE)
        .forEach((scope, value) -> parse(value).ifPresent(id -> found.put(scope.substring(DM_SCOPE.length()), id)));
    return found;
  }

  private void sawVoiceIn(String scope, long messageId) {
    if (store.get(scope, LAST_VOICE).flatMap(AutoSettings::parse)
        .filter(seen -> Long.compareUnsigned(seen, messageId) >= 0).isEmpty()) {
      store.put(scope, LAST_VOICE, Long.toUnsignedString(messageId));
    }
  }

  private static Optional<Long> parse(String messageId) {
    try {
      return Optional.of(Long.parseUnsignedLong(messageId));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<Boolean> read(String scope) {
    return store.get(scope, KEY).map(ON::equals);
  }
}
