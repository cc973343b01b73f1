package dev.voxscribe.core.stt;

import dev.voxscribe.core.Health;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the API key at start and every {@code interval}, and says so once per change: a rejected
 * key is one ERROR line naming {@code AIML_API_KEY}, a low balance one WARN line, recovery one INFO
 * line. Nothing stops: users keep hearing "unavailable" from the jobs themselves.
 */
public final class KeyMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyMonitor.class);

  private final AccountApi account;
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final BigDecimal lowBalance;
  private volatile @Nullable KeyStatus last;
  private volatile boolean lowWarned;
  private @Nullable ScheduledFuture<?> timer;

  /** @param lowBalance below this a WARN line is logged (zero: never) */
  public KeyMonitor(AccountApi account, ScheduledExecutorService scheduler, Duration interval, BigDecimal lowBalance) {
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive, got " + interval);
    this.account = account;
    this.scheduler = scheduler;
    this.interval = interval;
    this.lowBalance = lowBalance;
  }

  /** Checks now, then every interval. */
  public synchronized void start() {
    timer = scheduler.scheduleWithFixedDelay(this::checkNow, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One check; the answer arrives without holding the scheduler's thread. */
  public void checkNow() {
    account.check().thenAccept(this::observe);
  }

  void observe(KeyStatus status) {
    KeyStatus before = last;
    last = status;
    if (status instanceof KeyStatus.Rejected r) {
      if (!(before instanceof KeyStatus.Rejected old) || old.status() != r.status()) log.error(rejection(r));
    } else if (status instanceof KeyStatus.Unknown u) {
      if (!(before instanceof KeyStatus.Unknown)) log.warn("Could not check AIML_API_KEY: {}", u.reason());
    } else if (status instanceof KeyStatus.Valid v) {
      if (before != null && !(before instanceof KeyStatus.Valid)) log.info("AIML_API_KEY is accepted again");
      boolean low = lowBalance.signum() > 0 && v.balance().compareTo(lowBalance) < 0;
      if (low && !lowWarned) {
        log.warn("The AI/ML API balance is low: {} {} left (warning below {}, VOXSCRIBE_LOW_BALANCE)",
            v.balance().toPlainString(), v.currency(), lowBalance.toPlainString());
      }
      lowWarned = low;
    }
  }

  private static String rejection(KeyStatus.Rejected r) {
    String why = r.status() == 401
        ? "missing or invalid key: check it at https://aimlapi.com"
        : "the key may not read the account (a management key?): use an inference key";
    return "The AI/ML API rejected the key in AIML_API_KEY (HTTP " + r.status() + "): " + why
        + ". The bot keeps running; transcriptions will fail until it is fixed.";
  }

  /** For {@code /readyz}: up only with a key the service accepted at the last check. */
  public Health health() {
    KeyStatus status = last;
    if (status == null) return Health.down("AIML_API_KEY not checked yet");
    if (status instanceof KeyStatus.Valid v) {
      return Health.up("key accepted, balance " + v.balance().toPlainString() + (v.currency().isEmpty() ? "" : " " + v.currency()));
    }
    if (status instanceof KeyStatus.Rejected r) return Health.down("the AI/ML API rejected AIML_API_KEY (HTTP " + r.status() + ")");
    return Health.down(((KeyStatus.Unknown) status).reason());
  }

  @Override
  public synchronized void close() {
    if (timer != null) timer.cancel(false);
  }
}
