package dev.voxscribe.config;

import java.util.List;
import java.util.Optional;

/** Everything the app reads at start, once. */
public record VoxConfig(
    SpeechConfig speech,
    LimitsConfig limits,
    CacheConfig cache,
    StorageConfig storage,
    TelegramConfig telegram,
    DiscordConfig discord,
    Optional<Integer> metricsPort,
    SpendConfig spend,
    OpsConfig ops,
    DurabilityConfig durability,
    ExtrasConfig extras) {

  /** Every secret value in the configuration, so logging can mask them wherever they appear. */
  public List<String> secrets() {
    List<String> all = java.util.stream.Stream.of(speech.apiKey(), telegram.token(), telegram.webhookSecret(), discord.token(),
            storage.database().flatMap(StorageConfig.Database::password))
        .flatMap(Optional::stream)
        // A password may also sit in VOXSCRIBE_DATABASE_URL's query (?password=), which the driver accepts.
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    storage.database().ifPresent(db -> all.addAll(Redaction.queryPasswords(db.url())));
    return List.copyOf(all);
  }
}
