package dev.voxscribe.core.llm;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chat model's answer and what it cost, as the service reported it.
 *
 * @param text the answer, stripped; never blank
 * @param model the model that answered (the service may name a dated version)
 * @param id the service's id of the answer ({@code x-inference-id}), for tracing and billing
 * @param usdSpent {@code meta.usage.usd_spent}, else the {@code x-aimlapi-usd-spent} header
 * @param creditsUsed {@code meta.usage.credits_used}, else the {@code x-aimlapi-credits-used} header
 */
public record Completion(String text, String model, String id, Optional<BigDecimal> usdSpent, OptionalLong creditsUsed) {}
