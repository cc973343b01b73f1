package dev.voxscribe.discord;

import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.config.Redaction;
import dev.voxscribe.core.Health;
import dev.voxscribe.core.Platform;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.transcribe.TranscriptionService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MiscUtil;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord bot: {@code /transcribe}, the "Transcribe" message menu, {@code /autotranscribe} and
 * voice messages transcribed on arrival, on JDA's shard manager: {@code DISCORD_SHARDS} in all
 * (Discord's recommendation when unset), of which this instance runs {@code DISCORD_SHARD_IDS} (all
 * when unset). Discord sends a server's events to its shard ({@code (server id >> 22) % shards}) and
 * direct messages to shard 0; the instance running shard 0 registers the global commands, so
 * several instances never race to replace them.
 *
 * <p>It asks for the privileged Message Content intent, which auto-transcription in servers needs.
 * When Discord refuses it (gateway close code 4014: the switch in the developer portal is off), it
 * logs which switch to flip and reconnects without it, so the commands and direct messages keep
 * working.
 */
public final class DiscordPlatform implements Platform {
  private static final Logger log = LoggerFactory.getLogger(DiscordPlatform.class);
  private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final DiscordConfig config;
  private final Duration readyTimeout;
  private final GatewayState gateway = new GatewayState();
  private final OkHttpClient http;
  private final Features features;
  private final Lifecycle lifecycle = new Lifecycle();
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
  /** Reconnects happen here, never on JDA's own threads, which a shutdown is tearing down. */
  private final ExecutorService reconnects = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "voxscribe-discord-reconnect");
    t.setDaemon(true);
    return t;
  });
  /** Store writes and resumed jobs run here, never on JDA's gateway thread. */
  private final ExecutorService keeperThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "discord-jobs");
    t.setDaemon(true);
    return t;
  });
  private final JobKeeper keeper;
  private final CatchUp catchUp;
  /** {@code VOXSCRIBE_CATCH_UP}'s default. */
  static final Duration DEFAULT_CATCH_UP = Duration.ofHours(1);
  private final Transcriber transcriber;
  private final AtomicBoolean resumed = new AtomicBoolean();
  private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  private final Duration lease;
  /** Looks for jobs another instance left (its leases lapsed); the jobs themselves run on the keeper's thread. */
  private final ScheduledExecutorService takeOvers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "discord-take-over");
    t.setDaemon(true);
    return t;
  });
  private final Object lock = new Object();
  private @Nullable ShardManager shards;
  private final AtomicBoolean fallingBack = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param config the Discord settings; the token must be present
   * @param service transcription with the configured limits and cache
   * @param settings where {@code /autotranscribe} choices are kept
   */
  public DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings) {
    this(config, service, settings, DEFAULT_READY_TIMEOUT);
  }

  /** As above, waiting at most {@code readyTimeout} in {@link #start()} for the first READY. */
  public DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings,
      Duration readyTimeout) {
    this(config, service, settings, readyTimeout, Deferral.ANSWER_WITHIN);
  }

  /**
   * The bot with the whole store: every job is recorded before its work starts, and the jobs a stop
   * or a crash left are answered after the next connect.
   */
  public DiscordPlatform(DiscordConfig config, TranscriptionService service, Store store) {
    this(config, service, store, DEFAULT_CATCH_UP, Optional.empty());
  }

  /**
   * As above; after each (re)connect, voice messages posted while the bot was away, at most
   * {@code catchUp} back ({@code VOXSCRIBE_CATCH_UP}; zero: none), are transcribed; with buttons
   * under transcripts (summary, translation, subtitles) when {@code extras} is set.
   */
  public DiscordPlatform(DiscordConfig config, TranscriptionService service, Store store, Duration catchUp,
      Optional<TranscriptExtras> extras) {
    this(config, service, store.settings(), DEFAULT_READY_TIMEOUT, Deferral.ANSWER_WITHIN, store.jobs(),
        Clock.systemUTC(), catchUp, extras, store.instance().lease());
  }

  /** For tests: the whole store, with the time to wait for READY and for a command's transcripts. */
  DiscordPlatform(DiscordConfig config, TranscriptionService service, Store store, Duration catchUp,
      Duration readyTimeout, Duration answerWithin) {
    this(config, service, store.settings(), readyTimeout, answerWithin, store.jobs(), Clock.systemUTC(), catchUp,
        Optional.empty(), store.instance().lease());
  }

  /** For tests: also how long a command waits for its transcripts before answering "took too long". */
  DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings,
      Duration readyTimeout, Duration answerWithin) {
    this(config, service, settings, readyTimeout, answerWithin, JobStore.NONE, Clock.systemUTC(), DEFAULT_CATCH_UP,
        Optional.empty());
  }

  /** For tests: with the buttons of {@code extras}, no job store. */
  DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings,
      Duration readyTimeout, Duration answerWithin, Optional<TranscriptExtras> extras) {
    this(config, service, settings, readyTimeout, answerWithin, JobStore.NONE, Clock.systemUTC(), DEFAULT_CATCH_UP,
        extras);
  }

  DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings,
      Duration readyTimeout, Duration answerWithin, JobStore jobs, Clock clock, Duration catchUp,
      Optional<TranscriptExtras> extras) {
    this(config, service, settings, readyTimeout, answerWithin, jobs, clock, catchUp, extras, DEFAULT_LEASE);
  }

  /**
   * @param lease {@code VOXSCRIBE_LEASE}: jobs of an instance that stopped renewing their leases this
   *     long are resumed here (several instances on one database); looked for every third of it
   */
  DiscordPlatform(DiscordConfig config, TranscriptionService service, SettingsStore settings,
      Duration readyTimeout, Duration answerWithin, JobStore jobs, Clock clock, Duration catchUp,
      Optional<TranscriptExtras> extras, Duration lease) {
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, got " + lease);
    this.lease = lease;
    if (config.token().isEmpty()) throw new IllegalArgumentException("the Discord bot needs DISCORD_BOT_TOKEN");
    if (readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("ready timeout must be positive, got " + readyTimeout);
    }
    this.config = config;
    this.readyTimeout = readyTimeout;
    // One client for JDA's REST calls and attachment downloads; owned here and released in close().
    this.http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .build();
    AttachmentAudio audio = new AttachmentAudio(http, service.limits().maxBytes(),
        new CdnHosts(config.apiUrl(), config.cdnHosts()), service.spool());
    this.keeper = new JobKeeper(jobs, clock, keeperThread);
    this.transcriber = new Transcriber(service, audio, answerWithin, keeper, extras);
    AutoSettings auto = new AutoSettings(settings);
    VoiceMessages voice = new VoiceMessages(transcriber, auto);
    this.features = new Features(transcriber, auto, voice, gateway);
    this.catchUp = new CatchUp(catchUp, auto, voice, jobs, clock, keeperThread);
  }

  @Override
  public String name() {
    return "discord";
  }

  /** JDA's own view of the gateway sessions: up only while every shard of this instance is {@code CONNECTED}. */
  @Override
  public Health health() {
    ShardManager manager;
    synchronized (lock) {
      if (closed) return Health.down("stopped");
      manager = shards;
    }
    if (manager == null) return Health.down("starting");
    List<JDA> running = manager.getShards();
    if (running.isEmpty() || manager.getShardsQueued() > 0) {
      return Health.down("gateway starting (" + running.size() + " of "
          + (running.size() + manager.getShardsQueued()) + " shards)");
    }
    String which = running.size() == 1 && manager.getShardsTotal() == 1 ? "" : " (shards " + shardList(running)
        + " of " + manager.getShardsTotal() + ")";
    for (JDA session : running) {
      JDA.Status status = session.getStatus();
      if (status != JDA.Status.CONNECTED) {
        return Health.down("gateway " + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + which);
      }
    }
    return Health.up("gateway connected" + which
        + (gateway.messageContent() ? "" : " (without the Message Content intent)"));
  }

  private static String shardList(List<JDA> sessions) {
    return sessions.stream().map(j -> j.getShardInfo().getShardId()).sorted().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * Logs in and waits for the gateway to be ready (at most the ready timeout; past it the session
   * keeps trying in the background).
   *
   * @throws IllegalStateException when Discord rejects the token or closes the gateway for good
   */
  @Override
  public void start() throws InterruptedException {
    try {
      connect(true);
    } catch (RuntimeException e) {
      close(); // release the HTTP client and threads; the caller learns why from the exception
      throw e;
    }
    try {
      firstReady.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Discord is not ready after {} s; still connecting in the background", readyTimeout.toSeconds());
    } catch (ExecutionException e) {
      close();
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private void connect(boolean messageContent) {
    // JDA always adds GUILDS (bit 0), which keeps servers, channels and threads cached.
    EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
    if (messageContent) intents.add(GatewayIntent.MESSAGE_CONTENT);
    DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(config.token().orElseThrow(), intents)
        .setHttpClient(http)
        .setRestConfig(new RestConfig().setBaseUrl(withSlash(config.apiUrl())))
        .setEnableShutdownHook(false) // the app stops every platform itself
        .setShardsTotal(config.shards().orElse(-1)) // -1: GET /gateway/bot's recommendation
        .addEventListeners(lifecycle, features);
    if (!config.shardIds().isEmpty()) builder.setShards(config.shardIds());
    config.gatewayUrl().ifPresent(url -> builder
        .setSessionController(new FixedGateway(url.toString()))
        // A stand-in or proxy need not speak zlib-stream; Discord's own gateway gets compression.
        .setCompression(Compression.NONE));
    ShardManager previous;
    ShardManager started;
    synchronized (lock) {
      if (closed) return;
      previous = shards;
      gateway.messageContent(messageContent);
      try {
        started = builder.build();
      } catch (InvalidTokenException e) {
        throw new IllegalStateException("Discord rejected the bot token: check DISCORD_BOT_TOKEN");
      } catch (RuntimeException e) {
        // The shard total comes from GET /gateway/bot at build: a network failure there is the operator's URL or network.
        Throwable io = e;
        while (io != null && !(io instanceof java.io.IOException)) io = io.getCause();
        if (io == null) throw e;
        throw new IllegalStateException("Discord REST at " + Redaction.url(config.apiUrl()) + " failed ("
            + io.getClass().getSimpleName() + "): check DISCORD_API_URL and the network");
      }
      shards = started;
    }
    if (previous != null) previous.shutdown(); // the sessions the refused intent left behind
    log.info("Connecting to Discord (REST {}, gateway {}, shards {} of {}){}", Redaction.url(config.apiUrl()),
        config.gatewayUrl().map(Redaction::url).orElse("as announced"),
        config.shardIds().isEmpty() ? "all" : config.shardIds(), started.getShardsTotal(),
        messageContent ? "" : " without the Message Content intent");
  }

  private static String withSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? s : s + "/";
  }

  /**
   * Global commands from shard 0 only: whichever instance runs it registers them, once per connect.
   * The development server's commands from the shard that server is on.
   */
  private void registerCommands(JDA session) {
    List<CommandData> commands = features.commands();
    JDA.ShardInfo shard = session.getShardInfo();
    if (shard.getShardId() == 0) {
      session.updateCommands().addCommands(commands).queue(
          done -> log.info("Registered {} commands globally", done.size()),
          error -> log.error("Could not register the commands globally: {}", error.toString()));
    } else {
      log.debug("Shard {} leaves the global commands to shard 0", shard.getShardString());
    }
    Optional<String> devGuild = config.devGuildId();
    if (devGuild.isEmpty()) return;
    if (MiscUtil.getShardForGuild(devGuild.get(), shard.getShardTotal()) != shard.getShardId()) return;
    Guild guild = session.getGuildById(devGuild.get());
    if (guild == null) {
      log.warn("DISCORD_DEV_GUILD_ID is {}, but the bot is not in that server; invite it first", devGuild.get());
      return;
    }
    guild.updateCommands().addCommands(commands).queue(
        done -> log.info("Registered {} commands to server {}", done.size(), guild.getId()),
        error -> log.error("Could not register the commands to server {}: {}", guild.getId(), error.toString()));
  }

  private void onDisallowedIntents(JDA session) {
    String appId;
    try {
      appId = session.getSelfUser().getApplicationId();
    } catch (RuntimeException e) {
      appId = "<your application id>";
    }
    log.warn("Discord refused the Message Content intent (gateway close code 4014). Voice messages in servers"
        + " cannot be auto-transcribed until you switch it on: Discord Developer Portal → Applications →"
        + " your bot → Bot → Privileged Gateway Intents → MESSAGE CONTENT INTENT"
        + " (https://discord.com/developers/applications/{}/bot), then restart. Carrying on with /transcribe,"
        + " the Transcribe menu and direct messages only.", appId);
    if (!fallingBack.compareAndSet(false, true)) return; // another shard met the same refusal
    reconnects.execute(() -> {
      try {
        connect(false);
      } catch (RuntimeException e) {
        firstReady.completeExceptionally(e);
      }
    });
  }

  /** Follows the gateway: registers commands when ready, falls back when the intent is refused. */
  private final class Lifecycle extends ListenerAdapter {
    @Override
    public void onReady(ReadyEvent event) {
      JDA session = event.getJDA();
      log.info("Connected to Discord as {} (application {}), shard {}, in {} server(s){}",
          session.getSelfUser().getName(), session.getSelfUser().getApplicationId(),
          session.getShardInfo().getShardString(), event.getGuildTotalCount(),
          gateway.messageContent() ? "" : "; auto-transcription in servers is off (no Message Content intent)");
      registerCommands(session);
      if (resumed.compareAndSet(false, true)) {
        keeper.execute(() -> resumeJobs(session, keeper.unfinished()));
        long every = Math.max(100, lease.toMillis() / 3);
        try {
          takeOvers.scheduleWithFixedDelay(() -> keeper.execute(() -> resumeJobs(session, keeper.takeOver())),
              every, every, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          // closed meanwhile
        }
      }
      // After the resumed jobs (the same thread), so a message they answer is not taken twice.
      catchUp.run(session);
      firstReady.complete(null);
    }

    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
      // A new session after a disconnect: Discord did not replay what was posted in between.
      log.info("Discord session recreated: catching up on voice messages posted meanwhile");
      catchUp.run(event.getJDA());
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
      if (closed) return;
      ShardManager current;
      synchronized (lock) {
        current = shards;
      }
      // A session of a manager replaced after the intent was refused: its end is expected.
      if (current != null && event.getJDA().getShardManager() != current) return;
      CloseCode code = event.getCloseCode();
      if (code == CloseCode.DISALLOWED_INTENTS && gateway.messageContent()) {
        onDisallowedIntents(event.getJDA());
        return;
      }
      String why = code != null ? code.getCode() + " " + code.getMeaning() : "close code " + event.getCode();
      if (code == CloseCode.SHARDING_REQUIRED || code == CloseCode.INVALID_SHARD) {
        why += code == CloseCode.SHARDING_REQUIRED
            ? "; raise DISCORD_SHARDS, or unset it to follow Discord's recommendation"
            : "; DISCORD_SHARD_IDS must be below DISCORD_SHARDS";
      }
      if (code == CloseCode.GRACEFUL_CLOSE) {
        // A local shutdown (e.g. JDA giving up after a rejected token), already reported by whoever caused it.
        log.debug("Discord session shut down ({})", why);
      } else {
        log.error("Discord ended the gateway session for good ({}); the Discord bot is stopped", why);
      }
      firstReady.completeExceptionally(new IllegalStateException("Discord closed the gateway: " + why));
    }
  }

  /**
   * Answers the jobs the last run left: transcribed again (from the store when it finished, by
   * polling when the service had it), then delivered where they were expected: a command's
   * original response while its token lives, else a reply in the channel.
   */
  private void resumeJobs(JDA session, List<JobRecord> jobs) {
    for (JobRecord job : jobs) {
      Optional<DiscordJobs.Kept> kept = DiscordJobs.read(job);
      if (kept.isEmpty()) {
        log.warn("Discord job {} in the store cannot be read; it is dropped", job.id());
        keeper.dropped(job);
        continue;
      }
      DiscordJobs.Kept k = kept.get();
      log.info("Resuming Discord job {} ({}) in channel {}", job.id(), job.stage(), k.channelId());
      keeper.resume(job, tracked -> {
        Transcriber.Batch batch = transcriber.resumeRefs(k.attachments(), k.language(), "job " + job.id(), k.who(),
            tracked::progress, k.generations());
        Messages m = Messages.in(k.ui());
        // Answered as a fresh job is: the buttons (their data names the kept transcript) and, for a
        // voice message, its automatic summary.
        return batch.outcomes()
            .thenCompose(all -> {
              List<net.dv8tion.jda.api.components.actionrow.ActionRow> rows = batch.buttons(all, m);
              CompletableFuture<List<Outcome>> shown = k.kind() == DiscordJobs.Kind.MESSAGE
                  ? batch.withAutoSummaries(all, k.who()) : CompletableFuture.completedFuture(all);
              // Taken over by yet another instance meanwhile (this one was presumed dead): that one answers.
              return shown.thenCompose(outcomes -> tracked.delivering()
                  ? deliver(session, k, TranscriptReply.of(outcomes, transcriber.service().limits(), m), rows)
                  : CompletableFuture.completedFuture(null));
            })
            .whenComplete((v, e) -> {
              if (e != null) log.warn("Could not answer resumed job {}: {}", job.id(), e.toString());
            });
      });
    }
  }

  private CompletableFuture<?> deliver(JDA session, DiscordJobs.Kept k, TranscriptReply reply,
      List<net.dv8tion.jda.api.components.actionrow.ActionRow> rows) {
    if (k.kind() != DiscordJobs.Kind.MESSAGE && k.tokenAlive(keeper.clock().instant())) {
      return Replies.toInteraction(InteractionHook.from(session, k.token().orElseThrow()), reply, k.privately(), rows);
    }
    ShardManager manager = session.getShardManager();
    MessageChannel cached = manager != null ? manager.getChannelById(MessageChannel.class, k.channelId())
        : session.getChannelById(MessageChannel.class, k.channelId());
    CompletableFuture<? extends MessageChannel> channel = cached != null
        ? CompletableFuture.completedFuture(cached)
        : session.openPrivateChannelById(k.userId()).submit(); // a direct message: not in the cache
    return channel.thenCompose(c -> Replies.toChannel(c, k.messageId(), reply, rows));
  }

  @Override
  public void stopTaking() {
    keeper.stopTaking();
  }

  @Override
  public boolean awaitIdle(Duration grace) {
    return keeper.awaitIdle(grace);
  }

  /** Points JDA at the configured gateway instead of Discord's, with Discord's shard advice. */
  private static final class FixedGateway extends SessionControllerAdapter {
    private final String url;

    FixedGateway(String url) {
      this.url = url;
    }

    @Override
    public String getGateway() {
      return url;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
      ShardedGateway announced = super.getShardedGateway(api);
      return new ShardedGateway(url, announced.getShardTotal(), announced.getConcurrency());
    }
  }

  @Override
  public void close() {
    ShardManager manager;
    synchronized (lock) {
      if (closed && shards == null) return;
      closed = true;
      manager = shards;
      shards = null;
    }
    keeper.stop();
    keeper.stopTaking();
    reconnects.shutdownNow();
    takeOvers.shutdownNow();
    keeperThread.shutdown();
    if (manager != null) {
      List<JDA> sessions = manager.getShards();
      manager.shutdown(); // asks every shard to close, on the manager's own thread
      try {
        for (JDA session : sessions) {
          if (!session.awaitShutdown(SHUTDOWN_GRACE)) {
            session.shutdownNow();
            session.awaitShutdown(SHUTDOWN_GRACE);
          }
        }
      } catch (InterruptedException e) {
        sessions.forEach(JDA::shutdownNow);
        Thread.currentThread().interrupt();
      }
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    log.info("Discord bot stopped");
  }
}
