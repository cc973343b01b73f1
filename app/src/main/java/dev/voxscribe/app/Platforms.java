package dev.voxscribe.app;

import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Platform;
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
    return create(config, service, store, metrics, Optional.empty());
  }

  /** As above, with the buttons under transcripts when {@code extras} is set. */
  static List<Platform> create(VoxConfig config, TranscriptionService service, Store store, Metrics metrics,
      Optional<TranscriptExtras> extras) {
    List<Platform> platforms = new ArrayList<>();
    if (config.telegram().enabled()) platforms.add(new TelegramPlatform(config.telegram(), service, store, metrics, extras));
    if (config.discord().enabled()) {
      platforms.add(new DiscordPlatform(config.discord(), service, store, config.durability().catchUp(), extras));
    }
    return platforms;
  }
}
