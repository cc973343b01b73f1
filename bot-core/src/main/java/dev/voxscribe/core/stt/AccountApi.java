package dev.voxscribe.core.stt;

import java.util.concurrent.CompletableFuture;

/** Reads the account behind the API key without spending anything. */
public interface AccountApi {
  /** Never completes exceptionally: every failure is a {@link KeyStatus}. */
  CompletableFuture<KeyStatus> check();
}
