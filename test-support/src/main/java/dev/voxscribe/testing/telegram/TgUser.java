package dev.voxscribe.testing.telegram;

import java.util.Optional;

/** A Telegram user as the stand-in puts it in messages ({@code from}). */
public record TgUser(long id, String firstName, Optional<String> username, boolean isBot) {

  public static TgUser person(long id, String firstName) {
    return new TgUser(id, firstName, Optional.of(firstName.toLowerCase(java.util.Locale.ROOT)), false);
  }
}
