package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.transcribe.AudioSpool;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Which files of the bot's own disk a Bot API server may hand over. A self-hosted
 * {@code telegram-bot-api --local} answers {@code getFile} with an absolute path in its working
 * directory; any other server that does so is trying to make the bot read its own files
 * ({@code /etc/passwd}, {@code /proc/self/environ} with the token and key in it). So a path is read
 * only when {@code TELEGRAM_LOCAL_FILES_DIR} is set, and only when, once every link is resolved, it
 * is a regular file inside that directory (no {@code ..}, no symlink out of it, no FIFO or device)
 * within the size limit. Nothing is read past the limit, whatever the file claims.
 */
final class LocalFiles {
  private final Optional<Path> root;
  private final long maxBytes;

  /**
   * @param dir the Bot API server's working directory, or empty to read nothing from disk
   * @param maxBytes the largest file read
   */
  LocalFiles(Optional<Path> dir, long maxBytes) {
    this.root = dir.map(d -> {
      try {
        return d.toRealPath();
      } catch (IOException e) {
        throw new IllegalArgumentException("TELEGRAM_LOCAL_FILES_DIR " + d + " cannot be resolved: "
            + e.getClass().getSimpleName());
      }
    });
    this.maxBytes = maxBytes;
  }

  /** Whether the server's {@code file_path} names a file on disk rather than a download path. */
  static boolean isLocal(String filePath) {
    return filePath.startsWith("/");
  }

  /** Whether any local file may be read at all. */
  boolean enabled() {
    return root.isPresent();
  }

  /**
   * The file's bytes, when the rules allow reading it.
   *
   * @throws TranscriptionException {@code DOWNLOAD_FAILED} when the path is refused or unreadable,
   *     {@code TOO_LARGE} past the limit; the message never quotes the path (it may hold the token)
   */
  byte[] read(String filePath) {
    Path file = allowed(filePath);
    try (InputStream in = Channels.newInputStream(
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1));
      if (data.length > maxBytes) throw tooLarge();
      return data;
    } catch (IOException e) {
      throw refused("reading it failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The file copied into {@code spool} (fixed buffers, hashed on the way), when the rules allow
   * reading it; the same rules and failures as {@link #read}.
   */
  AudioSource.Spooled spool(String filePath, AudioSpool spool, String filename, String contentType) {
    Path file = allowed(filePath);
    try {
      return spool.copy(Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)),
          filename, contentType, maxBytes);
    } catch (TranscriptionException e) {
      if (e.kind() == FailureKind.TOO_LARGE) throw tooLarge();
      throw e;
    } catch (IOException e) {
      throw refused("reading it failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The resolved file, checked. Between this check and the read the file could be swapped; the read
   * then follows no link at its last step, and reads no more than the limit either way.
   */
  Path allowed(String filePath) {
    Path dir = root.orElseThrow(() -> refused("TELEGRAM_LOCAL_FILES_DIR is not set, so no local file is read"));
    if (filePath.indexOf('\0') >= 0) throw refused("the path holds a NUL character");
    Path given;
    try {
      given = Path.of(filePath);
    } catch (InvalidPathException e) {
      throw refused("the path is not valid here");
    }
    for (Path part : given) {
      if (part.toString().equals("..") || part.toString().equals(".")) throw refused("the path has dot segments");
    }
    Path real;
    try {
      real = dir.resolve(given).toRealPath();
    } catch (IOException e) {
      throw refused("it does not exist (" + e.getClass().getSimpleName() + ")");
    }
    if (!real.startsWith(dir) || real.equals(dir)) throw refused("it is outside TELEGRAM_LOCAL_FILES_DIR");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw refused("its attributes cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    // A FIFO would block the reader forever, a device like /dev/zero never ends.
    if (!attributes.isRegularFile()) throw refused("it is not a regular file");
    if (attributes.size() > maxBytes) throw tooLarge();
    return real;
  }

  private TranscriptionException tooLarge() {
    return new TranscriptionException(FailureKind.TOO_LARGE,
        "the local Bot API server's file is over the limit of " + maxBytes + " bytes");
  }

  private static TranscriptionException refused(String why) {
    return new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
        "refused to read the local file the Bot API server named: " + why);
  }
}
