package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import dev.voxscribe.testing.time.ManualClock;
import dev.voxscribe.testing.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How long the bot stays deaf after Telegram recovers from an outage: the real long-poll loop
 * ({@link LongPoller}, production timings and random jitter) against the Bot API stand-in, which
 * answers 502 until the outage ends. Pauses run on a virtual clock, so an hour of outage takes
 * milliseconds, and the gap is measured on that clock: from recovery to the update being handed on.
 *
 * <pre>java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.telegram.OutageBenchmark [runs]</pre>
 */
public final class OutageBenchmark {
  private OutageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.out.println("| outage | runs | deaf after recovery: mean s | p95 s | max s | tries |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int minutes : new int[] {1, 5, 15, 30, 60, 180}) {
      List<Double> gaps = new ArrayList<>();
      long tries = 0;
      for (int r = 0; r < runs; r++) {
        double[] result = once(Duration.ofMinutes(minutes));
        gaps.add(result[0]);
        tries += (long) result[1];
      }
      gaps.sort(null);
      double mean = gaps.stream().mapToDouble(d -> d).average().orElse(0);
      System.out.printf(Locale.ROOT, "| %d min | %d | %.1f | %.1f | %.1f | %d |%n", minutes, runs, mean,
          gaps.get((int) Math.ceil(0.95 * gaps.size()) - 1), gaps.get(gaps.size() - 1), tries / runs);
    }
  }

  /** @return {seconds deaf after recovery, failed tries} */
  static double[] once(Duration outage) throws Exception {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    ManualClock clock = new ManualClock(t0);
    Instant back = t0.plus(outage);
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    VirtualScheduler timer = new VirtualScheduler(clock);
    try (FakeTelegramApi tg = new FakeTelegramApi()) {
      tg.failWhile("getUpdates", () -> clock.instant().isBefore(back), 502, "Bad Gateway");
      TgUser user = TgUser.person(1, "A");
      tg.message(TgChat.privateWith(user), user).text("are you there?").send();
      AtomicReference<Instant> heard = new AtomicReference<>();
      LongPoller poller = new LongPoller(http, HttpUrl.get(tg.baseUrl()), tg.token(), List.of("message"),
          LongPoller.Timing.defaults(Duration.ofSeconds(1)), new UpdateDecoder(new ObjectMapper()),
          u -> heard.compareAndSet(null, clock.instant()), new ObjectMapper(), timer, clock,
          () -> ThreadLocalRandom.current().nextDouble());
      poller.start();
      long until = System.nanoTime() + 60_000_000_000L;
      while (heard.get() == null && System.nanoTime() < until) Thread.sleep(1);
      poller.close();
      long tries = tg.calls("getUpdates").stream().filter(c -> c.status() == 502).count();
      return new double[] {Duration.between(back, heard.get()).toMillis() / 1000.0, tries};
    } finally {
      timer.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
