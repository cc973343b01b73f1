package dev.voxscribe.config;

import java.nio.file.Path;

/** {@code VOXSCRIBE_DATA_DIR}: where the embedded store lives. */
public record StorageConfig(Path dataDir) {}
