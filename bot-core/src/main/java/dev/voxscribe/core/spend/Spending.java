package dev.voxscribe.core.spend;

import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.core.store.UsageStore.Key;
import dev.voxscribe.core.store.UsageStore.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of what the bot spends: checks the allowlist, the daily minutes of a person and a
 * chat and the daily budget before anything is fetched, holds the announced length while a job
 * runs, and settles it by what the service reported (its cost headers, else the length × the
 * configured price). Days are UTC days of the injected clock.
 *
 * <p>Exact under concurrency: every check-and-reserve happens under one lock, and every counter
 * change is one increment statement in the store, so nothing is lost or counted twice, and the
 * counters survive restarts (the day's values are read back from the store). With several
 * instances on one database ({@link UsageStore#shared()}) the lock is the store's cluster-wide one
 * ({@link UsageStore#exclusive}) and every check reads the counters from the database.
 *
 * <p>Other paid work (chat-model calls) checks with {@link #check} and pays with {@link #charge}:
 * its USD counts against the budget, and as minutes (USD ÷ the price per minute) against the
 * person's and chat's quotas.
 */
public final class Spending {
  private static final Logger log = LoggerFactory.getLogger(Spending.class);
  static final String QUOTA_MS = "quota_ms";
  static final String JOBS = "jobs";
  static final String AUDIO_MS = "audio_ms";
  static final String USD_NANOS = "usd_nanos";
  static final String CREDITS = "credits";
  static final String CREATES = "creates";
  static final String CACHE_HITS = "cache_hits";
  static final String NOTICES = "notices";
  static final String REFUSED = "refused:";
  private static final int BUSIEST = 5;
  private static final BigDecimal MS_PER_MINUTE = BigDecimal.valueOf(60_000);

  private final SpendPolicy policy;
  private final UsageStore store;
  private final Clock clock;
  private final Metrics metrics;
  private final CostBook costs = new CostBook();
  private final Object lock = new Object();
  /** Today's counters as written: the store stays the truth, this saves a read per check. */
  private final Map<Key, Long> today = new HashMap<>();
  /** Changes of the current locked step, written in one transaction by {@link #flush()}. */
  private final Map<Key, Long> pending = new LinkedHashMap<>();
  private long todayDay = Long.MIN_VALUE;

  public Spending(SpendPolicy policy, UsageStore store, Clock clock, Metrics metrics) {
    this.policy = policy;
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** No limits, counters in memory: for callers that configure none (tests, the command line). */
  public static Spending unlimited(Clock clock, Metrics metrics) {
    return new Spending(SpendPolicy.UNLIMITED, UsageStore.inMemory(), clock, metrics);
  }

  public SpendPolicy policy() {
    return policy;
  }

  /** Where the speech client puts the cost headers of every answer. */
  public CostBook costs() {
    return costs;
  }

  /** Now, on the clock the days of the quotas are counted by: refusals say "in 3 h 12 min" from it. */
  public Instant now() {
    return clock.instant();
  }

  public boolean isAdmin(Requester who) {
    return policy.access().isAdmin(who);
  }

  /** Why {@code who} may not use the bot at all (allowlist, blocklist), if so; counted as a refusal. */
  public Optional<Refusal> access(Requester who) {
    Optional<Refusal> refused = policy.access().check(who);
    refused.ifPresent(this::refused);
    return refused;
  }

  /**
   * Checks the daily minutes and the budget for a job of the announced length and holds that
   * length (and its estimated price) until the ticket is settled or refunded. Unannounced audio
   * passes while anything is left and is counted when the service reports its length.
   *
   * @throws TranscriptionException with the {@link Refusal}, when a limit says no
   */
  public Ticket admit(Requester who, Optional<Duration> announced) {
    long ms = announced.map(Duration::toMillis).orElse(0L);
    long usd = estimateNanos(ms);
    synchronized (lock) {
      // Shared by several instances: the check and the reservation under the cluster-wide lock.
      return store.exclusive(() -> {
        try {
          long day = roll();
          Optional<Refusal> refusal = limits(who, ms, usd, day);
          if (refusal.isPresent()) {
            refused(refusal.get());
            throw new TranscriptionException(refusal.get());
          }
          addQuota(day, who, ms);
          if (usd != 0) add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, USD_NANOS), usd);
          return new Ticket(who, day, announced, ms, usd);
        } finally {
          flush();
        }
      });
    }
  }

  /** Whether work estimated at {@code estimatedUsd} may start for {@code who} (nothing is held). */
  public Optional<Refusal> check(Requester who, BigDecimal estimatedUsd) {
    Optional<Refusal> denied = access(who);
    if (denied.isPresent()) return denied;
    synchronized (lock) {
      try {
        long day = roll();
        Optional<Refusal> refusal = limits(who, equivalentMillis(estimatedUsd), nanos(estimatedUsd), day);
        refusal.ifPresent(this::refused);
        return refusal;
      } finally {
        flush();
      }
    }
  }

  /** Counts {@code usd} of other paid work (a chat-model call) against the budget and {@code who}'s quotas. */
  public void charge(Requester who, BigDecimal usd) {
    if (usd.signum() <= 0) return;
    synchronized (lock) {
      try {
        long day = roll();
        addQuota(day, who, equivalentMillis(usd));
        add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, USD_NANOS), nanos(usd));
      } finally {
        flush();
      }
    }
    metrics.spent(usd);
  }

  /** A request answered from the cache: free, and counted for {@code /stats}. */
  public void cacheHit(Requester who) {
    synchronized (lock) {
      try {
        add(new Key(roll(), Kind.BOT, UsageStore.BOT_SCOPE, CACHE_HITS), 1);
      } finally {
        flush();
      }
    }
  }

  /** True the first time a day it is asked for {@code who}: tell a person once that their quota is used up. */
  public boolean firstNotice(Requester who) {
    synchronized (lock) {
      try {
        Key key = new Key(roll(), Kind.PERSON, who.personKey(), NOTICES);
        if (value(key) > 0) return false;
        add(key, 1);
        return true;
      } finally {
        flush();
      }
    }
  }

  /** Counts a refusal of the job gate (a person's queue full) like the others. */
  public void refused(Refusal refusal) {
    synchronized (lock) {
      try {
        add(new Key(roll(), Kind.BOT, UsageStore.BOT_SCOPE, REFUSED + refusal.limit().label()), 1);
      } finally {
        flush();
      }
    }
    metrics.refused(refusal.limit().label());
  }

  /** What {@code /usage} shows. */
  public Usage usage(Requester who) {
    synchronized (lock) {
      try {
        long day = roll();
        Duration used = Duration.ofMillis(Math.max(0, value(new Key(day, Kind.PERSON, who.personKey(), QUOTA_MS))));
        long jobs = value(new Key(day, Kind.PERSON, who.personKey(), JOBS));
        Optional<ChatUsage> chat = who.privateChat() ? Optional.empty() : Optional.of(new ChatUsage(
            Duration.ofMillis(Math.max(0, value(new Key(day, Kind.CHAT, who.chatKey(), QUOTA_MS)))),
            value(new Key(day, Kind.CHAT, who.chatKey(), JOBS)), policy.chatMinutesPerDay()));
        return new Usage(used, jobs, policy.userMinutesPerDay(), chat, resetsAt(day), isAdmin(who));
      } finally {
        flush();
      }
    }
  }

  /** What {@code /stats} shows: today and this month (UTC). */
  public Stats stats() {
    long day;
    synchronized (lock) {
      try {
        day = roll();
      } finally {
        flush();
      }
    }
    long monthStart = LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay();
    return new Stats(period(day, day), period(monthStart, day), resetsAt(day));
  }

  private Period period(long from, long to) {
    Map<String, Long> t = store.totals(Kind.BOT, UsageStore.BOT_SCOPE, from, to);
    Map<Limit, Long> refusals = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) refusals.put(l, t.getOrDefault(REFUSED + l.label(), 0L));
    List<Busiest> busiest = store.top(Kind.CHAT, QUOTA_MS, from, to, BUSIEST).stream()
        .map(x -> new Busiest(x.scope(), Duration.ofMillis(x.value()))).toList();
    return new Period(t.getOrDefault(CREATES, 0L), t.getOrDefault(CACHE_HITS, 0L),
        Duration.ofMillis(t.getOrDefault(AUDIO_MS, 0L)),
        BigDecimal.valueOf(Math.max(0, t.getOrDefault(USD_NANOS, 0L)), 9).stripTrailingZeros(),
        t.getOrDefault(CREDITS, 0L), refusals, busiest);
  }

  // ---- the ledger, always under the lock ----

  private Optional<Refusal> limits(Requester who, long needMs, long needUsdNanos, long day) {
    if (isAdmin(who) || who.platform().equals("local")) return Optional.empty();
    Instant reset = resetsAt(day);
    Instant now = clock.instant();
    Duration userLimit = policy.userMinutesPerDay();
    if (!userLimit.isZero()) {
      long left = userLimit.toMillis() - value(new Key(day, Kind.PERSON, who.personKey(), QUOTA_MS));
      if (left <= 0 || needMs > left) {
        return Optional.of(Refusal.minutes(Limit.USER_MINUTES, userLimit, Duration.ofMillis(Math.max(0, left)), reset, now));
      }
    }
    Duration chatLimit = policy.chatMinutesPerDay();
    if (!who.privateChat() && !chatLimit.isZero()) {
      long left = chatLimit.toMillis() - value(new Key(day, Kind.CHAT, who.chatKey(), QUOTA_MS));
      if (left <= 0 || needMs > left) {
        return Optional.of(Refusal.minutes(Limit.CHAT_MINUTES, chatLimit, Duration.ofMillis(Math.max(0, left)), reset, now));
      }
    }
    if (policy.dailyBudgetUsd().isPresent()) {
      BigDecimal budget = policy.dailyBudgetUsd().get();
      long left = nanos(budget) - value(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, USD_NANOS));
      if (left <= 0 || needUsdNanos > left) return Optional.of(Refusal.budget(budget, reset, now));
    }
    return Optional.empty();
  }

  private void addQuota(long day, Requester who, long ms) {
    if (ms == 0) return;
    add(new Key(day, Kind.PERSON, who.personKey(), QUOTA_MS), ms);
    if (!who.privateChat()) add(new Key(day, Kind.CHAT, who.chatKey(), QUOTA_MS), ms);
  }

  /** Today's epoch day; forgets yesterday's cached counters when the day changed. */
  private long roll() {
    long day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    if (day != todayDay) {
      today.clear();
      todayDay = day;
    }
    return day;
  }

  private long value(Key key) {
    // Other instances count too: the database is the only place that knows the total.
    if (store.shared()) return store.get(key) + pending.getOrDefault(key, 0L);
    if (key.day() != todayDay) return store.get(key);
    return today.computeIfAbsent(key, store::get);
  }

  private void add(Key key, long delta) {
    if (delta == 0) return;
    if (!store.shared() && key.day() == todayDay) {
      Long known = today.get(key);
      today.put(key, (known != null ? known : store.get(key) + pending.getOrDefault(key, 0L)) + delta);
    }
    pending.merge(key, delta, Long::sum);
  }

  /** Writes the step's changes; called before leaving every locked step that added any. */
  private void flush() {
    if (pending.isEmpty()) return;
    if (!store.addAll(pending)) {
      log.warn("{} usage counters not written to the store; kept in memory for today", pending.size());
    }
    pending.clear();
  }

  private static Instant resetsAt(long day) {
    return LocalDate.ofEpochDay(day + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private long estimateNanos(long ms) {
    return policy.pricePerMinuteUsd().movePointRight(9).multiply(BigDecimal.valueOf(ms))
        .divide(MS_PER_MINUTE, 0, RoundingMode.UP).longValueExact();
  }

  private long equivalentMillis(BigDecimal usd) {
    if (policy.pricePerMinuteUsd().signum() == 0) return 0;
    return usd.multiply(MS_PER_MINUTE).divide(policy.pricePerMinuteUsd(), 0, RoundingMode.UP).longValueExact();
  }

  private static long nanos(BigDecimal usd) {
    return usd.movePointRight(9).setScale(0, RoundingMode.UP).longValueExact();
  }

  /**
   * One admitted job: holds its announced length until {@link #settle} (it ran, and was paid for)
   * or {@link #refund} (it failed, or was answered without a create). Either happens once.
   */
  public final class Ticket {
    private final Requester who;
    private final long day;
    private final Optional<Duration> announced;
    private final long heldMs;
    private final long heldUsdNanos;
    private final AtomicBoolean created = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ticket(Requester who, long day, Optional<Duration> announced, long heldMs, long heldUsdNanos) {
      this.who = who;
      this.day = day;
      this.announced = announced;
      this.heldMs = heldMs;
      this.heldUsdNanos = heldUsdNanos;
    }

    /** The job went to the service: the only case that is paid for. */
    public void created() {
      if (created.compareAndSet(false, true)) {
        synchronized (lock) {
          try {
            add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, CREATES), 1);
          } finally {
            flush();
          }
        }
      }
    }

    public boolean wasCreated() {
      return created.get();
    }

    /** Ends the ticket by the outcome: settled by the transcript when this ticket's job created it, else refunded. */
    public void finish(Optional<Transcript> transcript) {
      if (transcript.isPresent() && created.get()) settle(transcript.get());
      else refund();
    }

    /** Counts the job by the length the service reported (else the announced one) and its cost. */
    public void settle(Transcript t) {
      if (!closed.compareAndSet(false, true)) return;
      long ms = t.audioDuration().or(() -> announced).map(Duration::toMillis).orElse(0L);
      Cost cost = costs.take(t.generationId()).orElse(Cost.NONE);
      // Only a positive figure is the charge: polls say 0 for themselves, and a paid job costs something.
      Optional<BigDecimal> charged = cost.usd().filter(u -> u.signum() > 0);
      long usd = charged.map(Spending::nanos).orElseGet(() -> estimateNanos(ms));
      synchronized (lock) {
        try {
          roll();
          addQuota(day, who, ms - heldMs);
          add(new Key(day, Kind.PERSON, who.personKey(), JOBS), 1);
          if (!who.privateChat()) add(new Key(day, Kind.CHAT, who.chatKey(), JOBS), 1);
          add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, AUDIO_MS), ms);
          add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, USD_NANOS), usd - heldUsdNanos);
          if (cost.credits().isPresent()) add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, CREDITS), cost.credits().getAsLong());
        } finally {
          flush();
        }
      }
      store.recordJob(new UsageStore.JobCost(t.generationId(), who.platform(), who.person(), who.chat(),
          Duration.ofMillis(ms), usd, charged.isEmpty(), cost.credits(), clock.instant()));
      metrics.audioTranscribed(Duration.ofMillis(ms));
      metrics.spent(BigDecimal.valueOf(usd, 9));
      log.debug("Generation {} settled for {}: {} ms, {} USD{}", t.generationId(), who.personKey(), ms,
          BigDecimal.valueOf(usd, 9).toPlainString(), charged.isEmpty() ? " (estimated)" : "");
    }

    /** Gives the held length and estimate back. */
    public void refund() {
      if (!closed.compareAndSet(false, true)) return;
      synchronized (lock) {
        try {
          roll();
          addQuota(day, who, -heldMs);
          add(new Key(day, Kind.BOT, UsageStore.BOT_SCOPE, USD_NANOS), -heldUsdNanos);
        } finally {
          flush();
        }
      }
    }
  }

  // ---- reports ----

  /**
   * A person's use today.
   *
   * @param allowance their daily minutes; zero means no limit
   * @param chat the group's or server's use, for a request from one
   */
  public record Usage(Duration used, long jobs, Duration allowance, Optional<ChatUsage> chat, Instant resetsAt,
      boolean admin) {}

  public record ChatUsage(Duration used, long jobs, Duration allowance) {}

  public record Stats(Period today, Period month, Instant resetsAt) {}

  /** Totals over some days; {@code busiest} are chats or servers by minutes. */
  public record Period(long creates, long cacheHits, Duration audio, BigDecimal usd, long credits,
      Map<Limit, Long> refusals, List<Busiest> busiest) {}

  /** @param chat the scope as counted: {@code telegram:chat:-100…}, {@code discord:guild:…} */
  public record Busiest(String chat, Duration used) {}
}
