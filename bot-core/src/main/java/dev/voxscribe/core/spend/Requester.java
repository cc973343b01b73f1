package dev.voxscribe.core.spend;

/**
 * Who asks for a transcription, and where: what quotas, the allowlist and fair queueing go by.
 * A Telegram account and a Discord account are two persons.
 *
 * @param platform {@code telegram} or {@code discord} (or {@code local} for the command line)
 * @param person the platform's user id
 * @param chat the Telegram chat id, the Discord server id; for a private chat or DM, the person's id
 * @param privateChat a private chat or DM: counts only against its person
 */
public record Requester(String platform, String person, String chat, boolean privateChat) {
  /** The operator at the command line: never refused, one line of its own. */
  public static final Requester LOCAL = new Requester("local", "operator", "operator", true);

  public Requester {
    if (platform.isBlank() || person.isBlank() || chat.isBlank()) {
      throw new IllegalArgumentException("platform, person and chat must not be blank: " + platform + "/" + person + "/" + chat);
    }
  }

  /** A person in their private chat or DM with the bot. */
  public static Requester inPrivate(String platform, String person) {
    return new Requester(platform, person, person, true);
  }

  /** A person in a group, channel or server. */
  public static Requester inGroup(String platform, String person, String chat) {
    return new Requester(platform, person, chat, false);
  }

  /** {@code telegram:user:42}: the person's counters. */
  public String personKey() {
    return platform + ":user:" + person;
  }

  /** {@code telegram:chat:-100…} or {@code discord:guild:…}: the group's counters. */
  public String chatKey() {
    return platform + (platform.equals("discord") ? ":guild:" : ":chat:") + chat;
  }

  /** The line a job waits in: the group for group messages, the person for private ones. */
  public String lineKey() {
    return privateChat ? personKey() : chatKey();
  }
}
