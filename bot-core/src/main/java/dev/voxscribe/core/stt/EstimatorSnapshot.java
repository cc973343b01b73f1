package dev.voxscribe.core.stt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the poll scheduler has learned about one model's processing time, as a versioned value to
 * persist and restore (opaque to the store: {@link #toJson()} and {@link #fromJson(String)}).
 *
 * <p>It keeps the finished jobs themselves rather than fitted figures, so a restored estimator
 * refits exactly as the one that wrote it, and a later version can fit differently.
 *
 * @param version the format; {@link #VERSION} today
 * @param model the model id the jobs ran on
 * @param withLength whether these jobs had a known audio length (they are learned separately)
 * @param jobs finished jobs, oldest first
 */
public record EstimatorSnapshot(int version, String model, boolean withLength, List<Job> jobs) {
  public static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * One finished job: its result became ready after {@code pendingAt} and by {@code doneAt}, both
   * in seconds since it was created (when its last pending and its done poll were sent).
   *
   * @param audioSeconds the audio's length; 0 when unknown
   */
  public record Job(double audioSeconds, double pendingAt, double doneAt) {
    public Job {
      if (!(audioSeconds >= 0) || !(pendingAt >= 0) || !(doneAt >= pendingAt) || Double.isInfinite(doneAt)) {
        throw new IllegalArgumentException(
            "a job needs 0 <= pendingAt <= doneAt and a length >= 0, got " + audioSeconds + ", " + pendingAt + ", " + doneAt);
      }
    }
  }

  public EstimatorSnapshot {
    if (model.isBlank()) throw new IllegalArgumentException("a snapshot needs a model");
    jobs = List.copyOf(jobs);
  }

  /** The snapshot as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an estimator snapshot", e);
    }
  }

  /**
   * Reads {@link #toJson()}'s text.
   *
   * @throws IllegalArgumentException when the text is not a snapshot, or of a version this code does not read
   */
  public static EstimatorSnapshot fromJson(String json) {
    EstimatorSnapshot s;
    try {
      s = JSON.readValue(json, EstimatorSnapshot.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not an estimator snapshot: " + e.getClass().getSimpleName(), e);
    }
    if (s == null || s.version() != VERSION) {
      throw new IllegalArgumentException("unsupported estimator snapshot version " + (s == null ? "none" : s.version()));
    }
    return s;
  }
}
