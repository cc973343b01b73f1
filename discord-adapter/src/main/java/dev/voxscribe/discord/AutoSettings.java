package dev.voxscribe.discord;

import dev.voxscribe.core.settings.SettingsStore;
import java.util.Optional;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;

/**
 * Where voice messages are transcribed on arrival. A channel's own switch wins, then (for a
 * thread) its parent channel's, then the server's; off unless switched on.
 */
final class AutoSettings {
  static final String KEY = "auto";
  private static final String ON = "on";
  private static final String OFF = "off";

  private final SettingsStore store;

  AutoSettings(SettingsStore store) {
    this.store = store;
  }

  static String channelScope(String channelId) {
    return "discord:channel:" + channelId;
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

  private Optional<Boolean> read(String scope) {
    return store.get(scope, KEY).map(ON::equals);
  }
}
