package dev.voxscribe.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This instance's name among several on one database, kept in {@code VOXSCRIBE_DATA_DIR/instance-id}:
 * a restart of the same instance takes its own leased jobs back at once, while another instance
 * waits for their leases to lapse. A new data directory is a new instance.
 */
final class InstanceId {
  static final String FILE_NAME = "instance-id";

  private InstanceId() {}

  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (kept.matches("[A-Za-z0-9._-]{1,64}")) return kept;
      }
      String fresh = UUID.randomUUID().toString();
      Path partial = dataDir.resolve(FILE_NAME + ".new");
      Files.writeString(partial, fresh + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (FileAlreadyExistsException raced) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep this instance's id in VOXSCRIBE_DATA_DIR=" + dataDir + " (" + FILE_NAME
          + "): " + e.getMessage(), e);
    }
  }
}
