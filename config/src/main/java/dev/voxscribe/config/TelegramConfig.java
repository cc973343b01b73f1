package dev.voxscribe.config;

import java.net.URI;
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
 */
public record TelegramConfig(
    Optional<String> token,
    URI apiUrl,
    Optional<URI> webhookUrl,
    int webhookPort,
    Optional<String> webhookSecret,
    boolean groupAuto) {

  public boolean enabled() {
    return token.isPresent();
  }

  @Override
  public String toString() {
    return "TelegramConfig[token=" + (token.isPresent() ? "***" : "unset") + ", apiUrl=" + apiUrl
        + ", webhookUrl=" + webhookUrl.map(URI::toString).orElse("none") + ", webhookPort=" + webhookPort
        + ", webhookSecret=" + (webhookSecret.isPresent() ? "***" : "unset") + ", groupAuto=" + groupAuto + "]";
  }
}
