package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.AudioSource;
import java.util.concurrent.CompletableFuture;

/**
 * Gets the audio when it is really needed: not at all when the platform key is already cached, so
 * a forwarded voice note is answered without a download.
 */
@FunctionalInterface
public interface AudioFetch {
  CompletableFuture<AudioSource> fetch();

  static AudioFetch of(AudioSource source) {
    return () -> CompletableFuture.completedFuture(source);
  }
}
