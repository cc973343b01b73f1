package dev.voxscribe.testing.telegram;

import java.util.Optional;

/**
 * A chat as the stand-in puts it in messages. Private chats have the user's id; group ids are
 * negative, supergroup ids start with -100.
 *
 * @param type {@code private}, {@code group}, {@code supergroup} or {@code channel}
 * @param isForum whether the supergroup has topics
 */
public record TgChat(long id, String type, Optional<String> title, Optional<String> firstName, boolean isForum) {

  public static TgChat privateWith(TgUser user) {
    return new TgChat(user.id(), "private", Optional.empty(), Optional.of(user.firstName()), false);
  }

  public static TgChat group(long id, String title) {
    if (id >= 0) throw new IllegalArgumentException("group ids are negative, got " + id);
    return new TgChat(id, "group", Optional.of(title), Optional.empty(), false);
  }

  public static TgChat supergroup(long id, String title) {
    if (id >= 0) throw new IllegalArgumentException("supergroup ids are negative, got " + id);
    return new TgChat(id, "supergroup", Optional.of(title), Optional.empty(), false);
  }

  /** A supergroup with topics enabled. */
  public static TgChat forum(long id, String title) {
    if (id >= 0) throw new IllegalArgumentException("supergroup ids are negative, got " + id);
    return new TgChat(id, "supergroup", Optional.of(title), Optional.empty(), true);
  }

  /** A channel; ids start with -100 like supergroups'. */
  public static TgChat channel(long id, String title) {
    if (id >= 0) throw new IllegalArgumentException("channel ids are negative, got " + id);
    return new TgChat(id, "channel", Optional.of(title), Optional.empty(), false);
  }

  public boolean isPrivate() {
    return type.equals("private");
  }
}
