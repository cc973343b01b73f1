package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/** Chat actions through the real TelegramBots client to the Bot API stand-in, on a clock the test moves. */
class ChatActionsTest {
  private static final Duration EVERY = Duration.ofSeconds(5);
  private static final TgUser ANN = TgUser.person(4242, "Ann");
  private static final TgUser BEN = TgUser.person(4343, "Ben");
  private static final long CHAT = TgChat.privateWith(ANN).id();
  private static final long OTHER = TgChat.privateWith(BEN).id();

  private final FakeTelegramApi tg = new FakeTelegramApi();
  private final ManualTime time = new ManualTime();
  private final OkHttpClient http = new OkHttpClient();
  private final ScheduledExecutorService pacing = Executors.newSingleThreadScheduledExecutor();
  private final ChatActions actions;

  ChatActionsTest() {
    HttpUrl base = HttpUrl.get(tg.baseUrl());
    OkHttpTelegramClient client = new OkHttpTelegramClient(new ObjectMapper(), http, tg.token(),
        new TelegramUrl(base.scheme(), base.host(), base.port(), false));
    actions = new ChatActions(new BotApi(client, pacing, time, 3), time.scheduler, time, EVERY);
    tg.message(TgChat.privateWith(ANN), ANN); // the stand-in knows only chats it has seen
    tg.message(TgChat.privateWith(BEN), BEN);
  }

  @AfterEach
  void stop() {
    pacing.shutdownNow();
    http.dispatcher().executorService().shutdownNow();
    tg.close();
  }

  private static ReplyTarget in(long chat, int message) {
    return new ReplyTarget(chat, message, Optional.empty());
  }

  /** Every action handed to the client has reached the stand-in (or failed): counts are final. */
  private void settle() {
    Await.until("the Bot API client to be idle",
        () -> http.dispatcher().runningCallsCount() + http.dispatcher().queuedCallsCount() == 0);
  }

  private int actionsIn(long chat) {
    settle();
    return tg.chatActions(chat).size();
  }

  @Test
  void manyJobsWaitingInOneChatShareOneActionEveryInterval() {
    List<ChatActions.Waiter> waiting = new ArrayList<>();
    for (int i = 0; i < 200; i++) waiting.add(actions.start(in(CHAT, i)));
    actions.start(in(OTHER, 1));
    assertThat(actionsIn(CHAT)).isEqualTo(1);
    assertThat(actionsIn(OTHER)).isEqualTo(1);

    time.advance(EVERY.minusMillis(1));
    assertThat(actionsIn(CHAT)).isEqualTo(1);
    time.advance(Duration.ofMillis(1));
    assertThat(actionsIn(CHAT)).isEqualTo(2);
    assertThat(actionsIn(OTHER)).isEqualTo(2);
    time.advance(Duration.ofMinutes(1));
    assertThat(actionsIn(CHAT)).isEqualTo(2 + 12);
    assertThat(tg.chatActions(CHAT)).containsOnly("typing");
  }

  @Test
  void noActionForAJobOnceItsProgressShows() {
    ChatActions.Waiter job = actions.start(in(CHAT, 1));
    assertThat(actionsIn(CHAT)).isEqualTo(1);
    job.stop(); // its placeholder is up
    time.advance(Duration.ofMinutes(1));
    assertThat(actionsIn(CHAT)).isEqualTo(1);
    assertThat(actions.trackedChats()).isZero();
    assertThat(time.pending()).isZero();
  }

  @Test
  void actionsGoOnWhileAnyJobInTheChatShowsNothingYet() {
    ChatActions.Waiter first = actions.start(in(CHAT, 1));
    ChatActions.Waiter second = actions.start(in(CHAT, 2));
    first.stop();
    time.advance(EVERY);
    assertThat(actionsIn(CHAT)).isEqualTo(2);
    second.stop();
    time.advance(EVERY.multipliedBy(3));
    assertThat(actionsIn(CHAT)).isEqualTo(2);
  }

  @Test
  void aJobArrivingSoonAfterTheLastActionWaitsOutTheInterval() {
    actions.start(in(CHAT, 1)).stop();
    time.advance(Duration.ofSeconds(2));
    ChatActions.Waiter next = actions.start(in(CHAT, 2));
    assertThat(actionsIn(CHAT)).isEqualTo(1);
    time.advance(Duration.ofSeconds(3));
    assertThat(actionsIn(CHAT)).isEqualTo(2);
    next.stop();
    time.advance(Duration.ofMinutes(1));
    assertThat(actionsIn(CHAT)).isEqualTo(2);
    assertThat(actions.trackedChats()).isZero();
  }
}
