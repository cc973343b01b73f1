package dev.voxscribe.telegram;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.transcribe.AudioSpool;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;

/**
 * Fetches a message's file: {@code getFile}, then a download from the configured Bot API server
 * ({@code <TELEGRAM_API_URL>/file/bot<token>/<file_path>}; TelegramBots' own download URL always
 * points at api.telegram.org), checked by {@link DownloadUrls}, with no redirect followed. A
 * self-hosted server in {@code --local} mode answers absolute paths on its own disk: those are read
 * only as {@link LocalFiles} allows, on the disk reader rather than an update worker. The URL holds
 * the token, so it is never logged and never leaves this class; errors describe the HTTP status only.
 */
final class TelegramFiles {
  /** The cloud Bot API serves files up to 20 MB to bots. */
  static final long CLOUD_DOWNLOAD_LIMIT = 20L * 1024 * 1024;

  private final BotApi api;
  private final OkHttpClient http;
  private final DownloadUrls urls;
  private final long maxBytes;
  private final boolean cloud;
  private final LocalFiles localFiles;
  private final Executor diskReader;
  private final AudioSpool spool;

  TelegramFiles(BotApi api, OkHttpClient http, HttpUrl apiBase, String token, long maxBytes, LocalFiles localFiles,
      Executor diskReader, AudioSpool spool) {
    this.spool = spool;
    this.api = api;
    // A redirect could lead anywhere, with the token in the first URL's path: none is followed.
    this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.urls = new DownloadUrls(apiBase, token);
    this.maxBytes = maxBytes;
    this.cloud = apiBase.host().equalsIgnoreCase("api.telegram.org");
    this.localFiles = localFiles;
    this.diskReader = diskReader;
  }

  /** The largest file the configured Bot API server lets the bot download. */
  long downloadLimit() {
    return cloud ? CLOUD_DOWNLOAD_LIMIT : Long.MAX_VALUE;
  }

  /** The file's bytes, named and typed as the message described it. */
  CompletableFuture<AudioSource> fetch(Media media) {
    return api.call(BotApi.NO_CHAT, "getFile", () -> new GetFile(media.fileId()))
        .handle((file, error) -> {
          if (error != null) throw getFileFailure(error);
          if (file.getFilePath() == null || file.getFilePath().isBlank()) {
            throw new TranscriptionException(FailureKind.DOWNLOAD_FAILED, "getFile answered without a file_path");
          }
          if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            throw tooLarge(file.getFileSize());
          }
          return file;
        })
        .thenCompose(file -> audio(file, media));
  }

  /** The file, spooled to disk as it arrives: the heap holds one buffer of it at a time. */
  private CompletableFuture<AudioSource> audio(File file, Media media) {
    String path = file.getFilePath();
    if (LocalFiles.isLocal(path)) {
      if (!localFiles.enabled()) {
        return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
            "the Bot API server answered a file on its disk, which is read only when TELEGRAM_LOCAL_FILES_DIR is set"));
      }
      return CompletableFuture.supplyAsync(() -> localFiles.spool(path, spool, media.filename(), media.contentType()),
          diskReader);
    }
    HttpUrl url;
    try {
      url = urls.of(path);
    } catch (TranscriptionException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<AudioSource> result = new CompletableFuture<>();
    http.newCall(new Request.Builder().url(url).get().build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        // The exception is not kept as a cause: some carry the URL, and the URL carries the token.
        result.completeExceptionally(new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
            "file download failed: " + e.getClass().getSimpleName()));
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          ResponseBody body = response.body();
          if (!response.isSuccessful()) {
            throw new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
                "file download answered HTTP " + response.code());
          }
          if (body.contentLength() > maxBytes) throw tooLarge(body.contentLength());
          result.complete(spooled(body.source(), media));
        } catch (TranscriptionException e) {
          result.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
              "file download failed: " + e.getClass().getSimpleName()));
        }
      }
    });
    return result;
  }

  /** Writes at most the limit, so a file without a declared size can fill neither the heap nor the disk. */
  private AudioSource.Spooled spooled(BufferedSource source, Media media) throws IOException {
    AudioSpool.Writer writer = spool.writer(media.filename(), media.contentType(), maxBytes);
    try {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = source.read(buffer)) != -1; ) writer.write(buffer, 0, n);
      return writer.finish();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  private TranscriptionException tooLarge(long bytes) {
    return new TranscriptionException(FailureKind.TOO_LARGE,
        "file of " + bytes + " bytes is over the limit of " + maxBytes + " bytes");
  }

  private static TranscriptionException getFileFailure(Throwable error) {
    String what = BotApi.describe(error);
    if (what.contains("file is too big")) {
      return new TranscriptionException(FailureKind.TOO_LARGE, "Telegram refused the download: " + what);
    }
    return new TranscriptionException(FailureKind.DOWNLOAD_FAILED, "getFile failed: " + what);
  }
}
