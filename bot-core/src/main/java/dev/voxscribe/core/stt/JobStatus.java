package dev.voxscribe.core.stt;

import dev.voxscribe.core.Transcript;

/** What one look at a job says. */
public sealed interface JobStatus {
  String generationId();

  /** Not final yet; {@code status} is the service's word for it. */
  record Pending(String generationId, String status) implements JobStatus {}

  record Done(String generationId, Transcript transcript) implements JobStatus {}

  /** The job ended without a transcript; {@code message} is the service's explanation. */
  record Failed(String generationId, String status, String message) implements JobStatus {}
}
