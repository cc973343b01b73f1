package dev.voxscribe.discord;

import dev.voxscribe.core.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord redelivers nothing: after a (re)connect, in every channel where auto-transcription is on,
 * the voice messages posted while the bot was away (after the last one it saw there, at most
 * {@code VOXSCRIBE_CATCH_UP} back) that have no reply from the bot and no job are transcribed as
 * usual. So is every direct message a voice message was seen in, if that one is inside the window:
 * Discord sends direct messages to shard 0, so the session of shard 0 reads them back. History is
 * read page by page with JDA's asynchronous calls; no thread waits for Discord.
 */
final class CatchUp {
  private static final Logger log = LoggerFactory.getLogger(CatchUp.class);
  /** Discord's largest page of channel history. */
  static final int PAGE = 100;
  /** At most this many pages per channel (10 000 messages): a busy channel is not read back for ever. */
  static final int MAX_PAGES = 100;

  private final Duration window;
  private final AutoSettings settings;
  private final VoiceMessages voice;
  private final JobStore jobs;
  private final Clock clock;
  private final Executor executor;

  /**
   * @param window how far back to look ({@code VOXSCRIBE_CATCH_UP}); zero turns the catch-up off
   * @param executor where store reads and the transcriptions start (off the gateway and callback threads)
   */
  CatchUp(Duration window, AutoSettings settings, VoiceMessages voice, JobStore jobs, Clock clock, Executor executor) {
    if (window.isNegative()) throw new IllegalArgumentException("catch-up window must not be negative, got " + window);
    this.window = window;
    this.settings = settings;
    this.voice = voice;
    this.jobs = jobs;
    this.clock = clock;
    this.executor = executor;
  }

  /**
   * Looks through every auto-transcribed channel of {@code session}, and on shard 0 every direct
   * message to catch up on; returns at once.
   */
  void run(JDA session) {
    if (window.isZero()) return;
    execute(() -> {
      long floor = TimeUtil.getDiscordTimestamp(clock.millis() - window.toMillis());
      for (Guild guild : session.getGuilds()) {
        List<GuildMessageChannel> channels = new ArrayList<>(guild.getTextChannels());
        channels.addAll(guild.getThreadChannels());
        for (GuildMessageChannel channel : channels) {
          try {
            if (!settings.enabledIn(channel)) continue;
            if (!guild.getSelfMember().hasPermission(channel, Permission.VIEW_CHANNEL, Permission.MESSAGE_HISTORY)) {
              log.info("Catch-up skips channel {}: no permission to read its history", channel.getId());
              continue;
            }
            long after = settings.lastVoice(channel.getId()).filter(seen -> Long.compareUnsigned(seen, floor) > 0)
                .orElse(floor);
            catchUp(channel, after);
          } catch (RuntimeException e) {
            log.warn("Catch-up in channel {} failed: {}", channel.getId(), e.toString());
          }
        }
      }
      if (session.getShardInfo().getShardId() == 0) catchUpDirectMessages(session, floor);
    });
  }

  /** Opens each direct message with a voice message inside the window; one quiet for longer is not opened. */
  private void catchUpDirectMessages(JDA session, long floor) {
    Map<String, Long> dms;
    try {
      dms = settings.lastDmVoices();
    } catch (RuntimeException e) {
      log.warn("Catch-up could not list the direct messages to read back: {}", e.toString());
      return;
    }
    dms.forEach((userId, last) -> {
      if (Long.compareUnsigned(last, floor) <= 0) return;
      try {
        catchUpDirectMessage(session, userId, last);
      } catch (RuntimeException e) {
        log.warn("Catch-up could not read the direct message with user {}: {}", userId, e.toString());
      }
    });
  }

  private void catchUpDirectMessage(JDA session, String userId, long last) {
    // JDA keeps no DM channel across sessions: the user, then the DM with them, both asked of Discord.
    session.retrieveUserById(userId).submit()
        .thenCompose(user -> user.openPrivateChannel().submit())
        .thenCompose(dm -> read(dm, Long.toUnsignedString(last), new ArrayList<>(), 0)
            .thenApply(messages -> Map.entry(dm, messages)))
        .whenComplete((read, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
            // A user gone (10013), or a DM Discord will not show (50007, 10003): that DM only is skipped.
            if (cause instanceof ErrorResponseException refused) {
              log.info("Catch-up skips the direct message with user {}: Discord answered {} {}", userId,
                  refused.getErrorCode(), refused.getMeaning());
            } else {
              log.warn("Catch-up could not read the direct message with user {}: {}", userId, cause.toString());
            }
            return;
          }
          execute(() -> answerMissed(read.getKey(), read.getValue()));
        });
  }

  private void catchUp(GuildMessageChannel channel, long after) {
    read(channel, Long.toUnsignedString(after), new ArrayList<>(), 0).whenComplete((messages, error) -> {
      if (error != null) {
        log.warn("Catch-up could not read the history of channel {}: {}", channel.getId(), error.toString());
        return;
      }
      execute(() -> answerMissed(channel, messages));
    });
  }

  /** Every message after {@code after}, oldest first, a page at a time. */
  private CompletableFuture<List<Message>> read(MessageChannel channel, String after, List<Message> seen, int pages) {
    return channel.getHistoryAfter(after, PAGE).submit().thenCompose(history -> {
      List<Message> page = new ArrayList<>(history.getRetrievedHistory());
      page.sort(Comparator.comparingLong(Message::getIdLong));
      seen.addAll(page);
      if (page.size() < PAGE || pages + 1 >= MAX_PAGES) return CompletableFuture.completedFuture(seen);
      return read(channel, page.get(page.size() - 1).getId(), seen, pages + 1);
    });
  }

  private void answerMissed(MessageChannel channel, List<Message> messages) {
    String self = channel.getJDA().getSelfUser().getId();
    Set<String> replied = new HashSet<>();
    for (Message m : messages) {
      MessageReference ref = m.getMessageReference();
      if (m.getAuthor().getId().equals(self) && ref != null) replied.add(ref.getMessageId());
    }
    int missed = 0;
    for (Message m : messages) {
      if (!VoiceMessages.wanted(m) || replied.contains(m.getId())) continue;
      // A job in the store (answered, or resumed at start) is not done twice.
      if (jobs.find(DiscordJobs.messageJobId(m.getId())).isPresent()) continue;
      missed++;
      log.info("Catch-up: voice message {} in channel {} was posted while the bot was away; transcribing it",
          m.getId(), channel.getId());
      voice.transcribe(m);
    }
    log.info("Catch-up in channel {}: {} messages read, {} voice messages missed", channel.getId(), messages.size(), missed);
  }

  private void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopping) {
      // the bot is stopping: the next start catches up
    }
  }
}
