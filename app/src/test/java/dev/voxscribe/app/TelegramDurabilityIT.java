package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed at the moments a voice note is most easily lost, then started again on
 * the same data directory: every note is answered once, and paid for once.
 */
class TelegramDurabilityIT {
  private static final String PLACEHOLDER = "Transcribing";
  private static final TgUser ALICE = TgUser.person(4242, "Alice");
  private static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final FakeTelegramApi telegram = new FakeTelegramApi();
  private BotProcess bot;

  @BeforeEach
  void bot() {
    bot = new BotProcess(dir, Map.of(
        "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
        "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
        "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString(), "VOXSCRIBE_SHUTDOWN_GRACE", "3s",
        // One person sends all five notes at once: no per-person line in the way.
        "VOXSCRIBE_USER_JOBS_AT_ONCE", "0"));
  }

  @AfterEach
  void stop() {
    bot.stopQuietly();
    telegram.close();
    aiml.close();
  }

  private BotProcess started() throws Exception {
    bot.start();
    Await.until("the bot polling Telegram", Duration.ofSeconds(90), bot::lastRunLog,
        log -> log.contains("running with long polling"));
    return bot;
  }

  private List<SentMessage> repliesTo(int messageId) {
    return telegram.sentMessages(CHAT.id()).stream().filter(m -> m.replyTo().equals(Optional.of(messageId))).toList();
  }

  /** The one reply to {@code messageId}, once it says {@code text}; fails if there are two. */
  private SentMessage answered(int messageId, String text) {
    List<SentMessage> replies = Await.until("the answer to message " + messageId, Duration.ofSeconds(60), () -> repliesTo(messageId),
        r -> r.stream().anyMatch(m -> m.text().contains(text)));
    assertThat(replies).as("one reply to message %s; log:%n%s", messageId, bot.logs()).hasSize(1);
    return replies.get(0);
  }

  /** The waiters of the jobs in the bot's store, read as a backup tool would, while it runs. */
  private List<String> jobWaiters() {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("voxscribe.db"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT waiter FROM jobs")) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      // not there yet
    }
    return out;
  }

  private static byte[] audio(String seed) {
    return ("OggS\0\2jar-durability:" + seed).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void killedAfterTheCreateTheRestartedBotEditsThePlaceholderAndPaysOnce() throws Exception {
    aiml.script(JobScript.completes("Answered after the crash.").afterPolls(1));
    aiml.hold(true);
    started();
    TgFile file = telegram.registerFile("voice/a.oga", audio("a"));
    int voice = telegram.message(CHAT, ALICE).voice(file, 3).send();
    Await.until("the create and the placeholder", () -> aiml.createCount() == 1
        && repliesTo(voice).stream().anyMatch(m -> m.text().contains(PLACEHOLDER)));
    // The placeholder's id is known only once Telegram answered: wait until the job in the store has it.
    Await.until("the placeholder kept with the job", () -> jobWaiters().stream().anyMatch(w -> w.contains("placeholder_id")));
    bot.kill();
    aiml.hold(false);

    started();
    SentMessage answer = answered(voice, "Answered after the crash.");
    assertThat(answer.versions()).as("the placeholder, edited").hasSize(2);
    assertThat(aiml.createCount()).isEqualTo(1);

    // After the restart, a forward of the same note costs nothing; the same bytes under a new file
    // are downloaded once and found by their content, with no create.
    int downloads = telegram.downloads();
    int forward = telegram.message(CHAT, ALICE).voice(telegram.reissue(file), 3).send();
    answered(forward, "Answered after the crash.");
    assertThat(telegram.downloads()).isEqualTo(downloads);
    int copy = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/copy.oga", audio("a")), 3).send();
    answered(copy, "Answered after the crash.");
    assertThat(telegram.downloads()).isEqualTo(downloads + 1);
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  /** The stages of the jobs in the bot's store, read as a backup tool would, while it runs. */
  private List<String> jobStages() {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("voxscribe.db"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT stage FROM jobs")) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      // not there yet
    }
    return out;
  }

  @Test
  void killedWhileTheAnswerWasOnItsWayTheRestartedBotSendsThePlanItKeptButtonsAndQuoteIncluded() throws Exception {
    StringBuilder words = new StringBuilder();
    for (int i = 1; words.length() < 1500; i++) words.append("Sentence ").append(i).append(" of a long voice note. ");
    String text = words.toString().strip();
    aiml.script(JobScript.completes(text).afterPolls(1));
    aiml.hold(true);
    started();
    int voice = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/plan.oga", audio("plan")), 40).send();
    Await.until("the placeholder kept with the job", () -> jobWaiters().stream().anyMatch(w -> w.contains("placeholder_id")));
    // Telegram holds the bot back for ten minutes on the edit that carries the answer: the job waits
    // in DELIVERING, its plan kept, and is killed there.
    telegram.rateLimitNext("editMessageText", 600);
    aiml.hold(false);
    Await.until("the answer held back by Telegram", () -> jobStages().contains("DELIVERING")
        && telegram.calls("editMessageText").stream().anyMatch(c -> c.status() == 429));
    int pollsBeforeKill = aiml.pollCount();
    bot.kill();

    started();
    SentMessage answer = answered(voice, "Sentence 1 of a long voice note.");
    assertThat(telegram.keyboard(CHAT.id(), answer.messageId())).as("the buttons, from the kept plan")
        .singleElement().satisfies(row -> assertThat(row).extracting(b -> b.get(0)).containsExactly("📝 Summary", "🌐 Translate"));
    assertThat(telegram.entities(CHAT.id(), answer.messageId()))
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("expandable_blockquote"));
    assertThat(aiml.createCount()).isEqualTo(1);
    assertThat(aiml.pollCount()).as("delivered from the plan, not polled again").isEqualTo(pollsBeforeKill);
  }

  @Test
  void killedDuringTheDownloadTheRestartedBotAnswersWithOneCreate() throws Exception {
    aiml.script(JobScript.completes("Downloaded at last.").afterPolls(1));
    telegram.holdDownloads(true);
    started();
    int voice = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/b.oga", audio("b")), 3).send();
    Await.until("the download to start", () -> telegram.downloadsRequested() >= 1);
    bot.kill();
    telegram.holdDownloads(false);
    started();
    answered(voice, "Downloaded at last.");
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  @Test
  void killedRightAfterGetUpdatesDeliveredTheUpdateIsStillAnswered() throws Exception {
    aiml.script(JobScript.completes("Not lost.").afterPolls(1));
    telegram.holdDownloads(true); // so nothing is answered before the kill
    started();
    int delivered = telegram.updatesDelivered();
    int voice = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/c.oga", audio("c")), 3).send();
    Await.until("getUpdates to deliver it", () -> telegram.updatesDelivered() > delivered);
    // The offset is confirmed by the next getUpdates a few ms later: whatever is not recorded by then is gone.
    Await.until("the offset confirmed", () -> telegram.pendingUpdates() == 0);
    bot.kill();
    telegram.holdDownloads(false);
    started();
    answered(voice, "Not lost.");
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  @Test
  void sigtermWithJobsWaitingExitsZeroAndEveryJobIsAnsweredAfterTheRestartWithoutASecondCreate() throws Exception {
    aiml.script(upload -> JobScript.completes("Done: " + new String(upload.audio().orElseThrow(), StandardCharsets.ISO_8859_1)
        .substring(6)).afterPolls(1));
    aiml.hold(true);
    started();
    List<Integer> voices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      voices.add(telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/t" + i + ".oga", audio("t" + i)), 3).send());
    }
    Await.until("five creates and placeholders", () -> aiml.createCount() == 5
        && voices.stream().allMatch(v -> repliesTo(v).stream().anyMatch(m -> m.text().contains(PLACEHOLDER))));
    long before = System.nanoTime();
    assertThat(bot.term(3 + 10)).as("exit code on SIGTERM; log:%n%s", bot.logs()).isZero();
    assertThat((System.nanoTime() - before) / 1_000_000_000.0).as("within the grace plus a few seconds").isLessThan(3 + 8);
    for (int v : voices) assertThat(repliesTo(v)).singleElement().satisfies(m -> assertThat(m.text()).contains(PLACEHOLDER));

    // While the bot is down: one more voice note, kept by Telegram until the bot is back.
    int whileDown = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/down.oga", audio("down")), 3).send();
    aiml.hold(false);
    started();
    for (int i = 0; i < 5; i++) answered(voices.get(i), "jar-durability:t" + i);
    answered(whileDown, "jar-durability:down");
    assertThat(aiml.createCount()).as("five before the stop, one for the note sent while down").isEqualTo(6);
    assertThat(bot.logs()).contains("left in the store");

    // The note sent while down was polled by this run (the resumed ones teach nothing: their timing
    // holds the downtime): what the poll estimator learned from it is in the file after a stop, and the
    // next start begins from it instead of the priors.
    assertThat(bot.term(3 + 10)).isZero();
    assertThat(column("SELECT content FROM snapshots WHERE name = 'poll-estimator'"))
        .singleElement().satisfies(c -> assertThat(c).contains("#g1_whisper-large"));
    started();
    assertThat(bot.lastRunLog()).contains("Restored learned poll timings of 1 model(s)");
  }

  /** One column of every job in the bot's store (or of the generations), read as a backup tool would. */
  private List<String> column(String sql) {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("voxscribe.db"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      // not there yet
    }
    return out;
  }

  @Test
  void killedWhileTheServiceHeldTheCreatesAnswerTheRestartedBotAsksForTheNoteAgainAndDoesNotPayTwice() throws Exception {
    aiml.script(JobScript.completes("Sent again, answered.").afterPolls(1));
    aiml.takeAndHoldNextCreate();
    started();
    TgFile file = telegram.registerFile("voice/held.oga", audio("held"));
    int voice = telegram.message(CHAT, ALICE).voice(file, 3).send();
    Await.until("the create taken and the placeholder", () -> aiml.createCount() == 1
        && repliesTo(voice).stream().anyMatch(m -> m.text().contains(PLACEHOLDER)));
    Await.until("the placeholder kept with the job", () -> jobWaiters().stream().anyMatch(w -> w.contains("placeholder_id")));
    bot.kill();

    started();
    SentMessage answer = answered(voice, "send it again");
    assertThat(answer.versions()).as("the placeholder, edited").hasSize(2);
    assertThat(aiml.createCount()).as("the service may have the first create: not sent again").isEqualTo(1);
    assertThat(bot.logs()).contains("not sending it again");

    // Sent again by the person: a new message, created and answered.
    int again = telegram.message(CHAT, ALICE).voice(telegram.reissue(file), 3).send();
    answered(again, "Sent again, answered.");
    assertThat(aiml.createCount()).isEqualTo(2);
  }

  @Test
  void killedWhileTheServiceWasStillReadingTheUploadTheRestartedBotCreatesItOnce() throws Exception {
    aiml.script(JobScript.completes("Uploaded whole at last.").afterPolls(1));
    // 12 MB at 64 KB/s: minutes to read, far more than the sockets' buffers hold.
    aiml.readBodiesAt(64 << 10);
    started();
    byte[] big = new byte[12 << 20];
    System.arraycopy(audio("big"), 0, big, 0, audio("big").length);
    int voice = telegram.message(CHAT, ALICE).voice(telegram.registerFile("voice/big.oga", big), 60).send();
    Await.until("the create under way", () -> column("SELECT stage FROM jobs").contains("CREATING"));
    bot.kill();
    assertThat(aiml.createRequests()).as("no create reached the stand-in whole").isZero();
    assertThat(column("SELECT generation_id FROM generations")).as("nothing noted as sent whole").isEmpty();
    aiml.readBodiesFast();

    started();
    answered(voice, "Uploaded whole at last.");
    assertThat(aiml.createCount()).isEqualTo(1);
    assertThat(aiml.uploads().get(0).audio()).hasValueSatisfying(b -> assertThat(b).hasSize(big.length));
  }
}
