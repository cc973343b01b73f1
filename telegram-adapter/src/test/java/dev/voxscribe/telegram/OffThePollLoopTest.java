package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.store.ExtrasStore;
import dev.voxscribe.core.store.GenerationStore;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.Leadership;
import dev.voxscribe.core.store.SnapshotStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.store.TranscriptStore;
import dev.voxscribe.core.store.UndecodableUpdates;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: on the Telegram poll loop's path the store does one short write per update (its record,
 * before the next getUpdates confirms it); the job's reads and writes happen on other threads.
 */
class OffThePollLoopTest {
  static final TgUser ALICE = TgUser.person(7101, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  final Set<String> inboxThreads = ConcurrentHashMap.newKeySet();
  final Set<String> jobThreads = ConcurrentHashMap.newKeySet();
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) h.close();
  }

  @Test
  void onlyTheUpdatesRecordIsWrittenOnThePollThread() throws Exception {
    h = Harness.startKeeping(dir, Noted::new);
    h.aiml.script(JobScript.completes("Kept off the poll loop.").afterPolls(1));
    for (int i = 0; i < 3; i++) {
      int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/p" + i + ".oga", Harness.audio("p" + i)), 3)
          .send();
      assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Kept off the poll loop.");
    }
    assertThat(inboxThreads).as("updates recorded on the poll loop, before their offset is confirmed")
        .anyMatch(name -> name.startsWith(TelegramPlatform.POLL_ROLE));
    assertThat(jobThreads).as("jobs were kept").isNotEmpty();
    assertThat(jobThreads).as("threads that read or wrote a job").noneMatch(name -> name.startsWith("telegram-poll"));
  }

  /** The real store; inbox records and job reads and writes note the thread they came on. */
  private final class Noted implements Store {
    private final Store real;
    private final JobStore jobs;
    private final Inbox inbox;

    Noted(Store real) {
      this.real = real;
      JobStore innerJobs = real.jobs();
      this.jobs = new JobStore() {
        @Override public Saved save(JobRecord job) { noteJob(); return innerJobs.save(job); }
        @Override public Optional<JobRecord> find(String id) { noteJob(); return innerJobs.find(id); }
        @Override public List<JobRecord> unfinished(String platform) { return innerJobs.unfinished(platform); }
        @Override public List<JobRecord> takeOver(String platform) { noteJob(); return innerJobs.takeOver(platform); }
        @Override public int renew() { return innerJobs.renew(); }
        @Override public int purge(Instant before) { return innerJobs.purge(before); }
      };
      Inbox innerInbox = real.inbox();
      this.inbox = new Inbox() {
        @Override public Recorded record(String platform, long updateId, String payload, Instant receivedAt) {
          inboxThreads.add(Thread.currentThread().getName());
          return innerInbox.record(platform, updateId, payload, receivedAt);
        }
        @Override public void done(String platform, long updateId, Instant at) { innerInbox.done(platform, updateId, at); }
        @Override public List<Entry> pending(String platform) { return innerInbox.pending(platform); }
        @Override public List<Entry> takeOver(String platform) { return innerInbox.takeOver(platform); }
        @Override public int renew() { return innerInbox.renew(); }
        @Override public int purge(Instant before) { return innerInbox.purge(before); }
      };
    }

    private void noteJob() {
      jobThreads.add(Thread.currentThread().getName());
    }

    @Override public SettingsStore settings() { return real.settings(); }
    @Override public Inbox inbox() { return inbox; }
    @Override public JobStore jobs() { return jobs; }
    @Override public GenerationStore generations() { return real.generations(); }
    @Override public TranscriptStore transcripts() { return real.transcripts(); }
    @Override public SnapshotStore snapshots() { return real.snapshots(); }
    @Override public UndecodableUpdates undecodable() { return real.undecodable(); }
    @Override public ExtrasStore extras() { return real.extras(); }
    @Override public UsageStore usage() { return real.usage(); }
    @Override public Leadership leadership(Duration lease) { return real.leadership(lease); }
    @Override public Instance instance() { return real.instance(); }
    @Override public String location() { return real.location(); }
    @Override public void close() { real.close(); }
  }
}
