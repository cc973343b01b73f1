package dev.voxscribe.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The "typing…" indicator, per chat rather than per job: at most one chat action per chat every
 * {@code every}, however many jobs wait in it, and none for a job once a placeholder (or a
 * reaction) shows its progress. A thousand notes waiting in one chat cost one call per interval,
 * and a chat whose jobs all show a placeholder costs none.
 *
 * <p>Telegram shows an action for about five seconds, so one per five seconds keeps it visible.
 */
final class ChatActions {
  private final BotApi api;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Duration every;
  /** Guarded by {@code this}. A chat stays here until {@code every} after its last action. */
  private final Map<Long, Chat> chats = new HashMap<>();

  ChatActions(BotApi api, ScheduledExecutorService scheduler, Clock clock, Duration every) {
    this.api = api;
    this.scheduler = scheduler;
    this.clock = clock;
    this.every = every;
  }

  private static final class Chat {
    final LinkedHashSet<Waiter> waiting = new LinkedHashSet<>();
    @Nullable Instant lastSent;
    @Nullable ScheduledFuture<?> next;
  }

  /** One job waiting without visible progress; {@link #stop()} once it shows progress or ends. */
  final class Waiter {
    private final ReplyTarget target;

    private Waiter(ReplyTarget target) {
      this.target = target;
    }

    void stop() {
      ChatActions.this.stop(this);
    }
  }

  /** A job starts waiting in {@code target}'s chat: an action goes out now unless one did within {@code every}. */
  synchronized Waiter start(ReplyTarget target) {
    Chat chat = chats.computeIfAbsent(target.chatId(), id -> new Chat());
    Waiter waiter = new Waiter(target);
    chat.waiting.add(waiter);
    Instant now = clock.instant();
    if (chat.lastSent == null || !now.isBefore(chat.lastSent.plus(every))) {
      send(target.chatId(), chat, target, now);
    } else if (chat.next == null) {
      schedule(target.chatId(), chat, Duration.between(now, chat.lastSent.plus(every)));
    }
    return waiter;
  }

  /** Chats with an action pending or sent within {@code every} (for tests: nothing leaks). */
  synchronized int trackedChats() {
    return chats.size();
  }

  private synchronized void stop(Waiter waiter) {
    Chat chat = chats.get(waiter.target.chatId());
    if (chat != null) chat.waiting.remove(waiter);
    // The chat's entry stays until its next tick, so a job arriving meanwhile still waits out the interval.
  }

  private synchronized void tick(long chatId) {
    Chat chat = chats.get(chatId);
    if (chat == null) return;
    chat.next = null;
    if (chat.waiting.isEmpty()) {
      chats.remove(chatId);
      return;
    }
    Instant now = clock.instant();
    Instant due = chat.lastSent == null ? now : chat.lastSent.plus(every);
    if (now.isBefore(due)) {
      schedule(chatId, chat, Duration.between(now, due));
      return;
    }
    // The newest waiter's topic: in a forum the indicator shows in one topic at a time.
    Waiter newest = null;
    for (Waiter w : chat.waiting) newest = w;
    send(chatId, chat, newest.target, now);
  }

  private void send(long chatId, Chat chat, ReplyTarget target, Instant now) {
    chat.lastSent = now;
    api.typing(target);
    schedule(chatId, chat, every);
  }

  private void schedule(long chatId, Chat chat, Duration delay) {
    if (chat.next != null) chat.next.cancel(false);
    try {
      chat.next = scheduler.schedule(() -> tick(chatId), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      chat.next = null;
      chats.remove(chatId);
    }
  }
}
