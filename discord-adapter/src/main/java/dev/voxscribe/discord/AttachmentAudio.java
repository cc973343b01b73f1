package dev.voxscribe.discord;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.MediaTypes;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.stt.SpeechToText;
import dev.voxscribe.core.transcribe.AudioSpool;
import dev.voxscribe.core.transcribe.JobProgress;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns a Discord attachment into a transcription request: its announced size and length (voice
 * messages carry {@code duration_secs}) are checked by the service before anything is fetched,
 * and the bytes are downloaded only when needed, at once, because CDN links are signed and expire.
 * Only from the hosts {@link CdnHosts} allows, and with no redirect followed.
 */
final class AttachmentAudio {
  private final OkHttpClient http;
  private final long maxBytes;
  private final CdnHosts hosts;
  private final AudioSpool spool;

  AttachmentAudio(OkHttpClient http, long maxBytes, CdnHosts hosts, AudioSpool spool) {
    // A redirect could lead off the allowed hosts: none is followed.
    this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.maxBytes = maxBytes;
    this.hosts = hosts;
    this.spool = spool;
  }

  /** The attachment's media type: Discord's, else one guessed from the file name. */
  static Optional<String> contentType(Message.Attachment a) {
    String announced = a.getContentType();
    if (announced != null && !announced.isBlank()) return Optional.of(announced);
    return MediaTypes.guess(a.getFileName());
  }

  /** Whether the attachment can hold speech (audio or video). */
  static boolean isMedia(Message.Attachment a) {
    return contentType(a).filter(MediaTypes::isTranscribable).isPresent();
  }

  /** Length that Discord announced (voice messages), if any. */
  static Optional<Duration> announcedLength(Message.Attachment a) {
    double seconds = a.getDuration();
    return seconds > 0 ? Optional.of(Duration.ofMillis(Math.round(seconds * 1000))) : Optional.empty();
  }

  TranscriptionRequest request(Message.Attachment a, Optional<String> language, Requester who) {
    return request(AttachmentRef.of(a), language, who);
  }

  /** The request for an attachment known by its reference (a fresh one, or one kept across a restart). */
  TranscriptionRequest request(AttachmentRef a, Optional<String> language, Requester who) {
    return request(a, language, who, JobProgress.NONE, Optional.empty(), false);
  }

  /**
   * As above, its progress told to {@code progress}; with a {@code generation}, polled again rather
   * than fetched; {@code resumed}: a job kept from before a restart.
   */
  TranscriptionRequest request(AttachmentRef a, Optional<String> language, Requester who, JobProgress progress,
      Optional<SpeechToText.Started> generation, boolean resumed) {
    TranscriptionRequest.Builder b = TranscriptionRequest.builder(() -> download(a))
        .language(language)
        .requester(who)
        .progress(progress)
        .generation(generation)
        .resumed(resumed)
        // Attachment ids never change, so the same message transcribed twice is answered from the cache.
        .platformKey("discord:attachment:" + a.id())
        .declaredBytes(a.size());
    a.length().ifPresent(b::declaredDuration);
    return b.build();
  }

  private CompletableFuture<AudioSource> download(AttachmentRef a) {
    CompletableFuture<AudioSource> result = new CompletableFuture<>();
    String contentType = a.contentType().orElse("application/octet-stream");
    HttpUrl url = HttpUrl.parse(a.url());
    if (url == null || !hosts.allows(url)) {
      // Refused before any connection: the URL came in a message, and may point anywhere.
      result.completeExceptionally(new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
          "attachment " + a.id() + " is not on Discord's CDN or a host in DISCORD_CDN_HOSTS ("
              + (url == null ? "not an http(s) URL" : url.scheme() + "://" + url.host() + ":" + url.port()) + ")"));
      return result;
    }
    Request request = new Request.Builder().url(url).get().build();
    http.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          ResponseBody body = response.body();
          if (!response.isSuccessful()) {
            throw new IOException("CDN answered HTTP " + response.code() + " for attachment " + a.id());
          }
          result.complete(spooled(body.byteStream(), a, contentType));
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      }
    });
    return result;
  }

  /**
   * Streams the attachment into the spool (hashed on the way), at most the size limit: a file that
   * turns out larger than announced is refused, not truncated.
   */
  private AudioSource spooled(InputStream in, AttachmentRef a, String contentType) throws IOException {
    try {
      return spool.copy(in, a.filename(), contentType, maxBytes);
    } catch (TranscriptionException e) {
      if (e.kind() != FailureKind.TOO_LARGE) throw e;
      throw new TranscriptionException(FailureKind.TOO_LARGE,
          "attachment " + a.id() + " is larger than the " + maxBytes + " byte limit");
    }
  }
}
