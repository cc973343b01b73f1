package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's stage is written to the store as it moves (downloading, creating, polling with the
 * generation id, delivering, delivered), and a restart takes each job up where it was: one the
 * service had is polled again with no download and no second create, one that had not reached the
 * service starts again from the download.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeptJobsTest {
  static final TgUser ALICE = TgUser.person(7001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    h = Harness.startKeeping(dir);
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  private static String id(int messageId) {
    return TelegramJobs.PLATFORM + ":" + CHAT.id() + ":" + messageId;
  }

  private Optional<JobRecord> job(int messageId) {
    return h.fullStore().jobs().find(id(messageId));
  }

  private Connection db() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
  }

  /** Every stage written to the jobs table, in order, recorded by a trigger beside the bot. */
  private void recordStages() throws Exception {
    try (Connection c = db(); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE stage_log (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, stage TEXT, generation_id TEXT)");
      s.executeUpdate("CREATE TRIGGER stage_insert AFTER INSERT ON jobs BEGIN "
          + "INSERT INTO stage_log (id, stage, generation_id) VALUES (new.id, new.stage, new.generation_id); END");
      s.executeUpdate("CREATE TRIGGER stage_update AFTER UPDATE ON jobs BEGIN "
          + "INSERT INTO stage_log (id, stage, generation_id) VALUES (new.id, new.stage, new.generation_id); END");
    }
  }

  private List<String> stages(int messageId) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT stage, generation_id FROM stage_log WHERE id = '" + id(messageId) + "' ORDER BY n")) {
      while (rs.next()) {
        String stage = rs.getString(1);
        String generation = rs.getString(2);
        String entry = stage.equals("POLLING") ? stage + " " + generation : stage;
        if (out.isEmpty() || !out.get(out.size() - 1).equals(entry)) out.add(entry); // a placeholder's write repeats the stage
      }
    }
    return out;
  }

  @Test
  void theStageIsWrittenAsTheJobMoves() throws Exception {
    recordStages();
    h.aiml.script(JobScript.completes("Every step written.").afterPolls(2));
    h.tg.holdDownloads(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/steps.oga", Harness.audio("steps")), 3).send();
    Await.until("the download to start", () -> h.tg.downloadsRequested() >= 1);
    assertThat(job(voice)).get().satisfies(j -> assertThat(j.stage()).isEqualTo(JobStage.DOWNLOADING));

    h.aiml.hold(true);
    h.tg.holdDownloads(false);
    JobRecord polling = Await.until("the job polling", () -> job(voice),
        j -> j.isPresent() && j.get().stage() == JobStage.POLLING).get();
    String generation = h.onlyUpload().generationId();
    assertThat(polling.generationId()).contains(generation);
    assertThat(polling.generationCreatedAt()).isPresent();

    h.aiml.hold(false);
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Every step written.");
    JobRecord done = Await.until("the job delivered", () -> job(voice),
        j -> j.isPresent() && j.get().stage() == JobStage.DELIVERED).get();
    assertThat(done.generationId()).contains(generation);
    assertThat(done.plan()).hasValueSatisfying(p -> assertThat(p).contains("Every step written."));
    assertThat(stages(voice)).containsExactly("DOWNLOADING", "CREATING", "POLLING " + generation, "DELIVERING", "DELIVERED");
  }

  @Test
  void aJobTheServiceHadIsPolledAgainAfterARestartWithNoDownloadAndNoSecondCreate() throws Exception {
    h.aiml.script(JobScript.completes("Polled again after the restart.").afterPolls(1));
    h.aiml.hold(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/kept.oga", Harness.audio("kept")), 3).send();
    Await.until("the job polling", () -> job(voice), j -> j.isPresent() && j.get().stage() == JobStage.POLLING);
    int downloads = h.tg.downloads();
    int pollsBefore = h.aiml.polls(h.onlyUpload().generationId());

    // A new process: no cache in memory, no generation but the one in the job's record.
    h.restartFresh(() -> h.aiml.hold(false));

    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Polled again after the restart.");
    assertThat(h.aiml.createCount()).as("creates").isEqualTo(1);
    assertThat(h.tg.downloads()).as("downloads").isEqualTo(downloads);
    assertThat(h.aiml.polls(h.onlyUpload().generationId())).isGreaterThan(pollsBefore);
    assertThat(h.repliesTo(CHAT.id(), voice)).hasSize(1);
    Await.until("the job delivered", () -> job(voice), j -> j.isPresent() && j.get().stage() == JobStage.DELIVERED);
  }

  @Test
  void aResumedJobWhosePlaceholderWasDeletedWhileTheBotWasDownRepliesInstead() throws Exception {
    h.aiml.script(JobScript.completes("Replied, the placeholder being gone.").afterPolls(1));
    h.aiml.hold(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/gone.oga", Harness.audio("gone")), 3).send();
    int placeholder = Await.until("the placeholder kept with the job", () -> job(voice),
        j -> j.isPresent() && j.get().waiter().contains("placeholder_id")).isPresent()
        ? h.repliesTo(CHAT.id(), voice).get(0).messageId() : -1;

    h.restartFresh(() -> {
      h.tg.deleteByUser(CHAT.id(), placeholder);
      h.aiml.hold(false);
    });

    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Replied, the placeholder being gone.");
    assertThat(h.repliesTo(CHAT.id(), voice)).singleElement()
        .satisfies(m -> assertThat(m.messageId()).isNotEqualTo(placeholder));
    assertThat(h.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void inAGroupTheEyesAJobLeftBeforeTheRestartComeOffWithItsAnswer() throws Exception {
    TgChat group = TgChat.supergroup(-1004000000001L, "Team");
    h.aiml.script(JobScript.completes("Answered in the group.").afterPolls(1));
    h.aiml.hold(true);
    int voice = h.tg.message(group, ALICE).voice(h.tg.registerFile("voice/group.oga", Harness.audio("group")), 3).send();
    Await.until("the 👀 on the voice note", () -> h.tg.reaction(group.id(), voice).isPresent());
    String id = TelegramJobs.PLATFORM + ":" + group.id() + ":" + voice;
    Await.until("the job polling", () -> h.fullStore().jobs().find(id),
        j -> j.isPresent() && j.get().stage() == JobStage.POLLING);

    h.restartFresh(() -> h.aiml.hold(false));

    assertThat(h.answerTo(group.id(), voice).text()).startsWith("Answered in the group.");
    Await.until("the reaction removed", () -> h.tg.reaction(group.id(), voice).isEmpty());
    assertThat(h.repliesTo(group.id(), voice)).hasSize(1);
  }

  @Test
  void aJobAnotherInstanceTookOverWhileThisOneWasPausedIsNotAnsweredHere() throws Exception {
    h.aiml.script(JobScript.completes("Only the other instance answers this.").afterPolls(1));
    h.aiml.hold(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/paused.oga", Harness.audio("paused")), 3).send();
    Await.until("the job polling", () -> job(voice), j -> j.isPresent() && j.get().stage() == JobStage.POLLING);
    // Another instance on the database, to which this one looked dead (a long GC pause, SIGSTOP: its
    // clock is past this one's lease), takes the job over and answers it from there.
    MutableClock ahead = new MutableClock(java.time.Instant.now().plus(java.time.Duration.ofMinutes(1)));
    try (SqliteStore other = SqliteStore.open(dir,
        new dev.voxscribe.core.store.Instance("b", java.time.Duration.ofMinutes(5), ahead))) {
      assertThat(other.jobs().takeOver(TelegramJobs.PLATFORM)).extracting(JobRecord::id).containsExactly(id(voice));
      String transcript = "Only the other instance answers this.";
      h.aiml.hold(false); // this instance wakes up, and its poll brings the transcript
      String line = "Job " + id(voice) + " was taken over by another instance; not answering";
      Await.until("this instance stands down, or answers", () -> h.log.all().contains(line)
          || h.repliesTo(CHAT.id(), voice).stream().anyMatch(m -> m.text().startsWith(transcript)));
      assertThat(h.repliesTo(CHAT.id(), voice)).as("no answer from here").noneSatisfy(
          m -> assertThat(m.text()).startsWith(transcript));
      assertThat(other.jobs().find(id(voice))).as("left as the other instance has it")
          .hasValueSatisfying(j -> assertThat(j.stage()).isEqualTo(JobStage.POLLING));
      assertThat(h.aiml.createCount()).isEqualTo(1);
    }
  }

  @Test
  void aJobTakenOverBeforeItsCreateIsNeitherCreatedNorAnsweredHere() throws Exception {
    h.aiml.script(JobScript.completes("Created by the other instance.").afterPolls(1));
    h.tg.holdDownloads(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/early.oga", Harness.audio("early")), 3).send();
    Await.until("the download to start", () -> h.tg.downloadsRequested() >= 1);
    MutableClock ahead = new MutableClock(java.time.Instant.now().plus(java.time.Duration.ofMinutes(1)));
    try (SqliteStore other = SqliteStore.open(dir,
        new dev.voxscribe.core.store.Instance("b", java.time.Duration.ofMinutes(5), ahead))) {
      assertThat(other.jobs().takeOver(TelegramJobs.PLATFORM)).extracting(JobRecord::id).containsExactly(id(voice));
      h.tg.holdDownloads(false); // this instance wakes up with the audio, about to create
      Await.until("this instance stands down, or creates", () -> h.aiml.createCount() > 0
          || h.log.all().contains("Job " + id(voice) + " was taken over by another instance; not answering"));
      assertThat(h.aiml.createCount()).as("no create: the other instance creates it").isZero();
      assertThat(h.repliesTo(CHAT.id(), voice)).as("no answer, not even a failure")
          .allSatisfy(m -> assertThat(Harness.PLACEHOLDERS).contains(m.text()));
      assertThat(other.jobs().find(id(voice))).hasValueSatisfying(j -> assertThat(j.stage()).isEqualTo(JobStage.DOWNLOADING));
    }
  }

  @Test
  void aStoreThatCannotBeWrittenStillAnswersAndTheLogSaysWhatFailedAndWhere() throws Exception {
    h.aiml.script(JobScript.completes("Answered all the same.").afterPolls(1));
    int voice;
    try (Connection c = db(); Statement s = c.createStatement()) {
      // Another program holds the write lock (as "database is locked" in production): every write fails.
      s.execute("BEGIN EXCLUSIVE");
      voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/locked.oga", Harness.audio("locked")), 3).send();
      // Each write waits for the lock a while, then fails: the update's and the job's first record.
      Await.until("the update's and the job's writes to fail", () -> h.log.all(),
          log -> log.contains("write of job " + id(voice) + " (DOWNLOADING) failed in VOXSCRIBE_DATA_DIR=" + dir));
      assertThat(h.log.all()).contains("write of telegram update").contains("failed in VOXSCRIBE_DATA_DIR=" + dir);
      s.execute("ROLLBACK");
    }
    // The job went on without its record: the user is answered all the same.
    Await.until("an answer despite the failed writes", () -> h.repliesTo(CHAT.id(), voice),
        r -> !r.isEmpty() && r.get(0).text().startsWith("Answered all the same."));
    assertThat(h.repliesTo(CHAT.id(), voice)).hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void voiceNotesSentWhileTheBotWasDownAreAnsweredAfterTheStartTakenInTheOrderTheyCame() throws Exception {
    h.aiml.script(upload -> JobScript.completes("Heard " + new String(upload.audio().orElseThrow(),
        java.nio.charset.StandardCharsets.ISO_8859_1).substring(6)).afterPolls(1));
    List<Integer> sent = new ArrayList<>();
    // Telegram keeps them (24 hours) until the bot asks again.
    h.restartFresh(() -> {
      for (int i = 0; i < 4; i++) {
        sent.add(h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/down" + i + ".oga", Harness.audio("down" + i)), 3)
            .send());
      }
    });
    for (int i = 0; i < sent.size(); i++) {
      int voice = sent.get(i);
      String text = Await.until("the answer to " + voice, () -> h.repliesTo(CHAT.id(), voice),
          r -> !r.isEmpty() && !Harness.PLACEHOLDERS.contains(r.get(0).text())).get(0).text();
      assertThat(text).contains("voxscribe-test-audio:down" + i);
      assertThat(h.repliesTo(CHAT.id(), voice)).hasSize(1);
    }
    // Taken one after the other, in the order Telegram delivered them: the jobs' rows were written so.
    List<String> taken = new ArrayList<>();
    try (Connection c = db(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM jobs ORDER BY rowid")) {
      while (rs.next()) taken.add(rs.getString(1));
    }
    assertThat(taken).containsExactlyElementsOf(sent.stream().map(KeptJobsTest::id).toList());
    assertThat(h.aiml.createCount()).isEqualTo(4);
  }

  @Test
  void aJobThatHadNotReachedTheServiceStartsAgainFromTheDownload() throws Exception {
    h.aiml.script(JobScript.completes("Fetched again after the restart.").afterPolls(1));
    h.tg.holdDownloads(true);
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/again.oga", Harness.audio("again")), 3).send();
    Await.until("the download to start", () -> h.tg.downloadsRequested() >= 1);

    h.restartFresh(() -> h.tg.holdDownloads(false));

    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Fetched again after the restart.");
    assertThat(h.tg.downloadsRequested()).as("downloads asked for").isGreaterThanOrEqualTo(2);
    assertThat(h.aiml.createCount()).as("creates").isEqualTo(1);
    assertThat(h.repliesTo(CHAT.id(), voice)).hasSize(1);
  }

  @Test
  void anUpdateTelegramDeliversAgainIsHandledOnce() throws Exception {
    h.aiml.script(upload -> JobScript.completes("Once: " + new String(upload.audio().orElseThrow(),
        java.nio.charset.StandardCharsets.ISO_8859_1).substring(6)).afterPolls(1));
    com.fasterxml.jackson.databind.node.ObjectNode update = h.tg.message(CHAT, ALICE)
        .voice(h.tg.registerFile("voice/twice.oga", Harness.audio("twice")), 3).toUpdate();
    int voice = update.get("message").get("message_id").asInt();
    h.tg.push(update);
    assertThat(h.answerTo(CHAT.id(), voice).text()).contains("voxscribe-test-audio:twice");

    // The bot restarts before Telegram saw the update confirmed, so Telegram sends it again (the
    // library forgets what it saw), in one answer with a new voice note behind it: once the new one is
    // answered, the repeated one was seen first.
    h.restartFresh(() -> {});
    com.fasterxml.jackson.databind.node.ObjectNode next = h.tg.message(CHAT, ALICE)
        .voice(h.tg.registerFile("voice/next.oga", Harness.audio("next")), 3).toUpdate();
    h.tg.pushAll(List.of(update.deepCopy(), next));
    assertThat(h.answerTo(CHAT.id(), next.get("message").get("message_id").asInt()).text())
        .contains("voxscribe-test-audio:next");
    assertThat(h.repliesTo(CHAT.id(), voice)).as("the repeated update answered once").hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(2);
  }
}
