package dev.voxscribe.core.store;

/** Where a job is. The last two are final. */
public enum JobStage {
  /** Recorded; the audio is being fetched (or will be, after a restart). */
  DOWNLOADING,
  /** The audio is being sent to the speech service. */
  CREATING,
  /** The service took the job: it has a generation id and is polled. */
  POLLING,
  /** The answer (transcript or failure note) is being sent. */
  DELIVERING,
  DELIVERED,
  FAILED;

  public boolean finished() {
    return this == DELIVERED || this == FAILED;
  }
}
