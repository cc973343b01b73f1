package dev.voxscribe.core.spend;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cost headers of every answer, summed per generation until its job is settled. The speech
 * client writes; {@link Spending} takes a job's sum when the job ends.
 */
public final class CostBook {
  /** Past this many unsettled generations the oldest are dropped: answers of jobs nobody settles. */
  private static final int MAX_OPEN = 100_000;

  private final Map<String, Cost> open = new ConcurrentHashMap<>();

  /** Adds one answer's cost to its generation. */
  public void record(String generationId, Cost cost) {
    if (generationId.isBlank() || cost.isEmpty()) return;
    if (open.size() >= MAX_OPEN) open.clear();
    open.merge(generationId, cost, Cost::plus);
  }

  /** The summed cost of a generation, removed from the book. */
  public Optional<Cost> take(String generationId) {
    return Optional.ofNullable(open.remove(generationId));
  }
}
