package dev.voxscribe.config;

import java.net.URI;
import java.util.Optional;

/**
 * The Discord bot.
 *
 * @param token {@code DISCORD_BOT_TOKEN}; the bot starts only when set; hidden from {@link #toString()}
 * @param apiUrl {@code DISCORD_API_URL}: REST base, e.g. {@code https://discord.com/api/v10/}
 * @param gatewayUrl {@code DISCORD_GATEWAY_URL}: empty means the gateway Discord announces
 * @param devGuildId {@code DISCORD_DEV_GUILD_ID}: also register commands to this guild at once
 */
public record DiscordConfig(Optional<String> token, URI apiUrl, Optional<URI> gatewayUrl, Optional<String> devGuildId) {

  public boolean enabled() {
    return token.isPresent();
  }

  @Override
  public String toString() {
    return "DiscordConfig[token=" + (token.isPresent() ? "***" : "unset") + ", apiUrl=" + apiUrl
        + ", gatewayUrl=" + gatewayUrl.map(URI::toString).orElse("announced") + ", devGuildId="
        + devGuildId.orElse("none") + "]";
  }
}
