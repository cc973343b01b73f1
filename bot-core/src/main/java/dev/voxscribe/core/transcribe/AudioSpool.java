package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's audio lives between its download and its create: one file per job, written as the
 * audio downloads and hashed on the way, so the heap holds fixed buffers rather than the file. The
 * upload streams from the file, which is deleted once the job is created (or refused, or joined to
 * an identical job in flight). Files left by a process that died are removed when the spool opens.
 */
public final class AudioSpool {
  private static final Logger log = LoggerFactory.getLogger(AudioSpool.class);
  private static final String SUFFIX = ".audio";
  private static final int BUFFER = 64 * 1024;

  private final Path dir;

  private AudioSpool(Path dir) {
    this.dir = dir;
  }

  /**
   * The spool in {@code dir} (created when missing), emptied of what an earlier run left.
   *
   * @throws UncheckedIOException when the directory cannot be created
   */
  public static AudioSpool open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audio spool " + dir + " (under VOXSCRIBE_DATA_DIR)", e);
    }
    int removed = 0;
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : stale) {
        if (Files.deleteIfExists(f)) removed++;
      }
    } catch (IOException e) {
      log.warn("Could not empty the audio spool {}: {}", dir, e.toString());
    }
    if (removed > 0) log.info("Removed {} audio files an earlier run left in {}", removed, dir);
    return new AudioSpool(dir);
  }

  /** A spool in a fresh temporary directory (the command line, tests). */
  public static AudioSpool temporary() {
    try {
      return new AudioSpool(Files.createTempDirectory("voxscribe-spool"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary audio spool", e);
    }
  }

  /** The directory the files are in. */
  public Path dir() {
    return dir;
  }

  /** Starts a file of at most {@code maxBytes}; write the audio, then {@link Writer#finish()} (or {@link Writer#abort()}). */
  public Writer writer(String filename, String contentType, long maxBytes) {
    Path file = dir.resolve(UUID.randomUUID() + SUFFIX);
    try {
      return new Writer(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), file, filename,
          contentType, maxBytes);
    } catch (IOException e) {
      throw new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
          "cannot write to the audio spool " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  /** Copies {@code in} (closed afterwards) into a new spool file. */
  public AudioSource.Spooled copy(InputStream in, String filename, String contentType, long maxBytes) throws IOException {
    Writer writer = writer(filename, contentType, maxBytes);
    try (in) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) != -1; ) writer.write(buffer, 0, n);
      return writer.finish();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** Deletes the file of {@code audio} when it is a spooled one; anything else is left alone. */
  public static void discard(AudioSource audio) {
    AudioSource.discard(audio);
  }

  /** One file being written: counted, capped and hashed as it grows. Not thread-safe: one writer per download. */
  public static final class Writer {
    private final FileChannel channel;
    private final Path file;
    private final String filename;
    private final String contentType;
    private final long maxBytes;
    private final MessageDigest sha = sha256();
    private long size;
    private boolean done;

    private Writer(FileChannel channel, Path file, String filename, String contentType, long maxBytes) {
      this.channel = channel;
      this.file = file;
      this.filename = filename;
      this.contentType = contentType;
      this.maxBytes = maxBytes;
    }

    public void write(byte[] data, int offset, int length) throws IOException {
      write(ByteBuffer.wrap(data, offset, length));
    }

    /**
     * @throws TranscriptionException {@code TOO_LARGE} past the limit (the file is deleted): a file
     *     without a declared size cannot fill the disk either
     */
    public void write(ByteBuffer data) throws IOException {
      size += data.remaining();
      if (size > maxBytes) {
        abort();
        throw new TranscriptionException(FailureKind.TOO_LARGE,
            "file of more than " + maxBytes + " bytes is over the limit of " + maxBytes + " bytes");
      }
      sha.update(data.duplicate());
      while (data.hasRemaining()) channel.write(data);
    }

    /** An output stream onto this file, for code that copies into streams. */
    public OutputStream stream() {
      return new OutputStream() {
        @Override public void write(int b) throws IOException { Writer.this.write(new byte[] {(byte) b}, 0, 1); }
        @Override public void write(byte[] b, int off, int len) throws IOException { Writer.this.write(b, off, len); }
      };
    }

    /** The audio, ready to upload; the spool file is now the job's to delete. */
    public AudioSource.Spooled finish() throws IOException {
      done = true;
      channel.close();
      return new AudioSource.Spooled(file, size, HexFormat.of().formatHex(sha.digest()), filename, contentType);
    }

    /** Stops and deletes the file (a failed or refused download). */
    public void abort() {
      if (done) return;
      done = true;
      try {
        channel.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete spooled audio {}: {}", file, e.toString());
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
