package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One message waiting for its transcript, as kept across restarts.
 *
 * @param id unique per waiting message, chosen by the adapter ({@code telegram:<chat>:<message>})
 * @param platform {@code telegram} or {@code discord}
 * @param request what to transcribe, as the adapter needs it to fetch the audio again (JSON)
 * @param waiter who waits and where the answer goes: chat, message, topic, placeholder, interaction
 *     token and its expiry (JSON, the adapter's own shape)
 * @param stage where the job is
 * @param generationId the speech service's id once the job was created there
 * @param generationCreatedAt when the service took it (the one-hour retention runs from there)
 * @param plan the delivery plan, once the result is known (JSON of {@code core.deliver.DeliveryPlan})
 */
public record JobRecord(
    String id,
    String platform,
    String request,
    String waiter,
    JobStage stage,
    Optional<String> generationId,
    Optional<Instant> generationCreatedAt,
    Optional<String> plan,
    Instant createdAt,
    Instant updatedAt) {

  public static JobRecord start(String id, String platform, String request, String waiter, Instant now) {
    return new JobRecord(id, platform, request, waiter, JobStage.DOWNLOADING, Optional.empty(), Optional.empty(),
        Optional.empty(), now, now);
  }

  public JobRecord withWaiter(String newWaiter, Instant now) {
    return new JobRecord(id, platform, request, newWaiter, stage, generationId, generationCreatedAt, plan, createdAt, now);
  }

  public JobRecord at(JobStage newStage, Optional<String> newGenerationId, Instant now) {
    return new JobRecord(id, platform, request, waiter, newStage, newGenerationId.or(() -> generationId),
        generationCreatedAt, plan, createdAt, now);
  }

  /** The service took the job as {@code generation}, created at {@code at}: it is polled from now on. */
  public JobRecord polling(String generation, Instant at, Instant now) {
    return new JobRecord(id, platform, request, waiter, JobStage.POLLING, Optional.of(generation), Optional.of(at), plan,
        createdAt, now);
  }

  /** The same job with another request (an adapter keeping per-file progress in it). */
  public JobRecord withRequest(String newRequest, Instant now) {
    return new JobRecord(id, platform, newRequest, waiter, stage, generationId, generationCreatedAt, plan, createdAt, now);
  }

  public JobRecord withPlan(String newPlan, Instant now) {
    return new JobRecord(id, platform, request, waiter, JobStage.DELIVERING, generationId, generationCreatedAt,
        Optional.of(newPlan), createdAt, now);
  }
}
