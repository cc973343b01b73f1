package dev.voxscribe.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Telegram bot.
 *
 * @param token {@code TELEGRAM_BOT_TOKEN}; the bot starts only when set; hidden from {@link #toString()}
 * @param apiUrl {@code TELEGRAM_API_URL}: every Bot API call and file download goes here
 * @param webhookUrl {@code TELEGRAM_WEBHOOK_URL}: webhook mode when set, long polling otherwise
 * @param webhookPort {@code TELEGRAM_WEBHOOK_PORT}: the local port the webhook server listens on
 * @param webhookSecret {@code TELEGRAM_WEBHOOK_SECRET}: checked on every webhook call; generated when unset
 * @param groupAuto {@code TELEGRAM_GROUP_AUTO}: whether groups auto-transcribe voice and video notes by default
 * @param webhookBind {@code TELEGRAM_WEBHOOK_BIND}: the IP address the webhook server listens on; empty: all interfaces
 * @param localFilesDir {@code TELEGRAM_LOCAL_FILES_DIR}: the working directory of a self-hosted
 *     {@code telegram-bot-api --local}; only files inside it are read from disk, and none when empty
 */
public record TelegramConfig(
    Optional<String> token,
    URI apiUrl,
    Optional<URI> webhookUrl,
    int webhookPort,
    Optional<String> webhookSecret,
    boolean groupAuto,
    Optional<String> webhookBind,
    Optional<Path> localFilesDir) {

  /** Listening on every interface, with no local files read. */
  public TelegramConfig(Optional<String> token, URI apiUrl, Optional<URI> webhookUrl, int webhookPort,
      Optional<String> webhookSecret, boolean groupAuto) {
    this(token, apiUrl, webhookUrl, webhookPort, webhookSecret, groupAuto, Optional.empty(), Optional.empty());
  }

  public boolean enabled() {
    return token.isPresent();
  }

  @Override
  public String toString() {
    return "TelegramConfig[token=" + (token.isPresent() ? "***" : "unset") + ", apiUrl=" + Redaction.url(apiUrl)
        + ", webhookUrl=" + webhookUrl.map(Redaction::url).orElse("none") + ", webhookPort=" + webhookPort
        + ", webhookSecret=" + (webhookSecret.isPresent() ? "***" : "unset") + ", groupAuto=" + groupAuto
        + ", webhookBind=" + webhookBind.orElse("all interfaces")
        + ", localFilesDir=" + localFilesDir.map(Path::toString).orElse("none") + "]";
  }
}
