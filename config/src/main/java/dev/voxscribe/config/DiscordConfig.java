package dev.voxscribe.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The Discord bot.
 *
 * @param token {@code DISCORD_BOT_TOKEN}; the bot starts only when set; hidden from {@link #toString()}
 * @param apiUrl {@code DISCORD_API_URL}: REST base, e.g. {@code https://discord.com/api/v10/}
 * @param gatewayUrl {@code DISCORD_GATEWAY_URL}: empty means the gateway Discord announces
 * @param devGuildId {@code DISCORD_DEV_GUILD_ID}: also register commands to this guild at once
 * @param cdnHosts {@code DISCORD_CDN_HOSTS}: further {@code host} or {@code host:port} entries that
 *     attachments may be downloaded from, besides Discord's CDN and the host of {@code apiUrl}
 */
public record DiscordConfig(Optional<String> token, URI apiUrl, Optional<URI> gatewayUrl, Optional<String> devGuildId,
    List<String> cdnHosts) {

  public DiscordConfig {
    cdnHosts = List.copyOf(cdnHosts);
  }

  /** No further attachment hosts. */
  public DiscordConfig(Optional<String> token, URI apiUrl, Optional<URI> gatewayUrl, Optional<String> devGuildId) {
    this(token, apiUrl, gatewayUrl, devGuildId, List.of());
  }

  public boolean enabled() {
    return token.isPresent();
  }

  @Override
  public String toString() {
    return "DiscordConfig[token=" + (token.isPresent() ? "***" : "unset") + ", apiUrl=" + Redaction.url(apiUrl)
        + ", gatewayUrl=" + gatewayUrl.map(Redaction::url).orElse("announced") + ", devGuildId="
        + devGuildId.orElse("none") + ", cdnHosts=" + cdnHosts + "]";
  }
}
