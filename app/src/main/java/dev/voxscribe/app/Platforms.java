package dev.voxscribe.app;

import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Platform;
import dev.voxscribe.core.store.Leadership;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.transcribe.TranscriptionService;
import dev.voxscribe.discord.DiscordPlatform;
import dev.voxscribe.telegram.TelegramPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.voxscribe.core.extras.TranscriptExtras;

/** Every platform VoxScribe knows, in one place; each is built only when its token is set. */
final class Platforms {
  private Platforms() {}

  static List<Platform> create(VoxConfig config, TranscriptionService service, Store store, Metrics metrics) {
    return create(config, service, store, metrics, Optional.empty(), Leadership.ALONE);
  }

  /**
   * As above, with the buttons under transcripts when {@code extras} is set, and {@code leadership}
   * picking which instance of several on one database long-polls Telegram.
   */
  static List<Platform> create(VoxConfig config, TranscriptionService service, Store store, Metrics metrics,
      Optional<TranscriptExtras> extras, Leadership leadership) {
    List<Platform> platforms = new ArrayList<>();
    if (config.telegram().enabled()) {
      platforms.add(new TelegramPlatform(config.telegram(), service, store, metrics, extras, leadership,
          config.storage().lease()));
    }
    if (config.discord().enabled()) {
      platforms.add(new DiscordPlatform(config.discord(), service, store, config.durability().catchUp(), extras));
    }
    return platforms;
  }
}
