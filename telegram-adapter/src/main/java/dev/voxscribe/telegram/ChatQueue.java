package dev.voxscribe.telegram;

import dev.voxscribe.core.Fatal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each chat's updates one after another, and different chats side by side, on the workers.
 * A task's stage ends its turn (a command's settings change lands before the chat's next
 * message is looked at); a stage that hangs is given up after a while so a chat never stalls.
 * Transcriptions are not part of a turn: a long job never holds up its chat or any other.
 */
final class ChatQueue {
  private static final Logger log = LoggerFactory.getLogger(ChatQueue.class);

  private final Executor workers;
  private final ScheduledExecutorService scheduler;
  private final Duration maxTurn;
  private final Map<Long, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

  ChatQueue(Executor workers, ScheduledExecutorService scheduler, Duration maxTurn) {
    this.workers = workers;
    this.scheduler = scheduler;
    this.maxTurn = maxTurn;
  }

  void submit(long chatId, Supplier<? extends CompletionStage<?>> task) {
    CompletableFuture<?>[] mine = new CompletableFuture<?>[1];
    tails.compute(chatId, (id, tail) -> {
      CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
      mine[0] = previous.handle((v, e) -> null).thenComposeAsync(x -> turn(chatId, task), workers)
          .exceptionally(e -> {
            Fatal.check(e);
            if (!(e.getCause() instanceof RejectedExecutionException)) {
              log.error("Handling an update of chat {} failed", chatId, e);
            }
            return null;
          });
      return mine[0];
    });
    CompletableFuture<?> added = mine[0];
    added.whenComplete((v, e) -> tails.remove(chatId, added));
  }

  private CompletableFuture<Object> turn(long chatId, Supplier<? extends CompletionStage<?>> task) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    CompletionStage<?> stage;
    try {
      stage = task.get();
    } catch (RuntimeException e) {
      log.error("Handling an update of chat {} failed", chatId, e);
      return CompletableFuture.completedFuture(null);
    }
    try {
      ScheduledFuture<?> giveUp = scheduler.schedule(() -> {
        if (done.complete(null)) log.warn("An update of chat {} took over {} s; the chat's next updates go ahead", chatId,
            maxTurn.toSeconds());
      }, maxTurn.toMillis(), TimeUnit.MILLISECONDS);
      done.whenComplete((v, e) -> giveUp.cancel(false));
    } catch (RejectedExecutionException e) {
      done.complete(null);
    }
    stage.whenComplete((v, e) -> done.complete(null));
    return done;
  }
}
