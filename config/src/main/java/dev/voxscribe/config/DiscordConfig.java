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
 * @param shards {@code DISCORD_SHARDS}: the bot's total gateway shards; empty: Discord's recommendation
 * @param shardIds {@code DISCORD_SHARD_IDS}: the shards this instance runs, ascending; empty: all
 */
public record DiscordConfig(Optional<String> token, URI apiUrl, Optional<URI> gatewayUrl, Optional<String> devGuildId,
    List<String> cdnHosts, Optional<Integer> shards, List<Integer> shardIds) {

  public DiscordConfig {
    cdnHosts = List.copyOf(cdnHosts);
    shardIds = List.copyOf(shardIds);
    if (!shardIds.isEmpty() && shards.isEmpty()) {
      throw new IllegalArgumentException("shard ids need the total number of shards");
    }
    for (int id : shardIds) {
      if (id < 0 || id >= shards.orElse(0)) {
        throw new IllegalArgumentException("shard id " + id + " is not below the total " + shards.orElse(0));
      }
    }
  }

  /** All shards of Discord's recommended total. */
  public DiscordConfig(Optional<String> token, URI apiUrl, Optional<URI> gatewayUrl, Optional<String> devGuildId,
      List<String> cdnHosts) {
    this(token, apiUrl, gatewayUrl, devGuildId, cdnHosts, Optional.empty(), List.of());
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
        + devGuildId.orElse("none") + ", cdnHosts=" + cdnHosts + ", shards=" + shards.map(String::valueOf).orElse("recommended")
        + ", shardIds=" + (shardIds.isEmpty() ? "all" : shardIds) + "]";
  }
}
