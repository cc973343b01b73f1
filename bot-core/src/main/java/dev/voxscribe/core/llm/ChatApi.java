package dev.voxscribe.core.llm;

import dev.voxscribe.core.TranscriptionException;
import java.util.concurrent.CompletableFuture;

/**
 * A chat model, asynchronously: a question in flight holds no thread. No retries here: a summary
 * someone waits for is better answered "try again" than late.
 */
public interface ChatApi {
  /**
   * @return completes with the answer, or exceptionally with a {@link TranscriptionException} of the
   *     failure's kind (rejected key, out of credits, rate limited, service error, transport, bad
   *     request, deadline)
   */
  CompletableFuture<Completion> complete(ChatPrompt prompt);
}
