package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's cost headers, over real HTTP through Feign, kept per job and counted against the budget. */
class CostHeadersStackTest {
  private static final Requester ALICE = Requester.inPrivate("telegram", "1001");
  private final FakeAimlApi fake = new FakeAimlApi();
  private final UsageStore usage = UsageStore.inMemory();
  private TranscriptionStack stack;

  private TranscriptionStack start(String budgetUsd) {
    SpendPolicy policy = SpendPolicy.UNLIMITED.withBudget(Optional.of(new BigDecimal(budgetUsd)), new BigDecimal("0.02"));
    Clock clock = Clock.systemUTC();
    stack = TranscriptionStack.start(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 4, 16),
        new CachePolicy(Duration.ofHours(1), 100), TranscriptionStack.fastPolls(Duration.ofSeconds(20)), policy, usage, clock);
    return stack;
  }

  @AfterEach
  void close() {
    if (stack != null) stack.close();
    fake.close();
  }

  private CompletableFuture<Transcript> send(String seed, int seconds) {
    byte[] audio = ("OggS" + seed).getBytes();
    return stack.service().transcribe(TranscriptionRequest.builder(AudioFetch.of(new AudioSource.Bytes(audio, "v.ogg", "audio/ogg")))
        .declaredDuration(Duration.ofSeconds(seconds)).requester(ALICE).build());
  }

  @Test
  void theHeadersOfEveryAnswerAreKeptPerJobAndCountTowardsTheBudget() throws Exception {
    start("0.0030");
    fake.script(JobScript.completes("Paid for.").afterPolls(2));
    fake.charge("0.001240000", 31);
    Transcript t = send("a", 3).get(20, TimeUnit.SECONDS); // 3 s × 0.02 USD/min would be 0.001 USD estimated
    UsageStore.JobCost cost = usage.job(t.generationId()).orElseThrow();
    assertThat(cost.usdEstimated()).isFalse();
    assertThat(cost.usdNanos()).isEqualTo(1_240_000L);
    assertThat(cost.credits()).hasValue(31);
    assertThat(stack.spending().stats().today().usd()).isEqualByComparingTo("0.00124");
    assertThat(stack.metrics().usdSpent()).isEqualTo(0.00124);

    // Headers left out: the estimate (0.02 USD per minute) counts, and the budget is reached.
    fake.noCostHeaders();
    Transcript second = send("b", 3).get(20, TimeUnit.SECONDS);
    assertThat(usage.job(second.generationId()).orElseThrow().usdEstimated()).isTrue();
    CompletableFuture<Transcript> third = send("c", 3);
    TranscriptionException refused = TranscriptionException.from(third.handle((v, e) -> e).get(5, TimeUnit.SECONDS));
    assertThat(refused.kind()).isEqualTo(FailureKind.QUOTA);
    assertThat(refused.refusal().orElseThrow().limit()).isEqualTo(Limit.DAILY_BUDGET);
    assertThat(fake.createCount()).isEqualTo(2);
  }

  @Test
  void onlySomeAnswersCarryTheHeaders() throws Exception {
    start("10");
    fake.charge("0.5", 9000, upload -> upload.audio().map(a -> new String(a).endsWith("x")).orElse(false));
    Transcript withHeaders = send("x", 60).get(20, TimeUnit.SECONDS);
    Transcript without = send("y", 60).get(20, TimeUnit.SECONDS);
    assertThat(usage.job(withHeaders.generationId()).orElseThrow().usdNanos()).isEqualTo(500_000_000L);
    UsageStore.JobCost estimated = usage.job(without.generationId()).orElseThrow();
    assertThat(estimated.usdEstimated()).isTrue();
    assertThat(estimated.credits()).as("the polls' zero credits").hasValue(0);
    assertThat(stack.spending().stats().today().credits()).isEqualTo(9000);
  }

}
