package dev.voxscribe.testing.telegram;

import java.util.Optional;

/**
 * A Telegram user as the stand-in puts it in messages ({@code from}).
 *
 * @param languageCode the IETF tag of the user's app language ({@code language_code}), left out when empty
 */
public record TgUser(long id, String firstName, Optional<String> username, boolean isBot, Optional<String> languageCode) {

  public TgUser(long id, String firstName, Optional<String> username, boolean isBot) {
    this(id, firstName, username, isBot, Optional.empty());
  }

  public static TgUser person(long id, String firstName) {
    return new TgUser(id, firstName, Optional.of(firstName.toLowerCase(java.util.Locale.ROOT)), false);
  }

  /** The same user with their app in {@code tag} ({@code de}, {@code pt-br}). */
  public TgUser speaking(String tag) {
    return new TgUser(id, firstName, username, isBot, Optional.of(tag));
  }
}
