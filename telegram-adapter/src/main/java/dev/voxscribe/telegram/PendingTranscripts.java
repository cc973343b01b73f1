package dev.voxscribe.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole transcripts that did not fit a guest message and could not be sent privately, because the
 * caller never started the bot. They wait here (in memory, for an hour, a few per user) until the
 * caller follows the start link; {@code /start} then delivers them.
 */
final class PendingTranscripts {
  static final Duration KEEP = Duration.ofHours(1);
  static final int PER_USER = 5;
  static final int USERS = 10_000;

  private record Pending(String chatTitle, String text, Instant until) {}

  /** A transcript to deliver, with the title of the chat it was asked for in (may be empty). */
  record Delivery(String chatTitle, String text) {}

  private final Clock clock;
  private final Map<Long, Deque<Pending>> byUser = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Deque<Pending>> eldest) {
      return size() > USERS;
    }
  };

  PendingTranscripts(Clock clock) {
    this.clock = clock;
  }

  synchronized void add(long userId, String chatTitle, String text) {
    Deque<Pending> queue = byUser.computeIfAbsent(userId, k -> new ArrayDeque<>());
    queue.addLast(new Pending(chatTitle, text, clock.instant().plus(KEEP)));
    while (queue.size() > PER_USER) queue.removeFirst();
  }

  /** Removes and returns the user's transcripts that have not expired, oldest first. */
  synchronized List<Delivery> take(long userId) {
    Deque<Pending> queue = byUser.remove(userId);
    List<Delivery> out = new ArrayList<>();
    if (queue == null) return out;
    Instant now = clock.instant();
    for (Pending p : queue) {
      if (p.until().isAfter(now)) out.add(new Delivery(p.chatTitle(), p.text()));
    }
    return out;
  }
}
