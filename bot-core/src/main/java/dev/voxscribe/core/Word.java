package dev.voxscribe.core;

import java.time.Duration;
import java.util.Optional;

/** One recognised word with its timing, as the service reported it. */
public record Word(
    String text, Duration start, Duration end, Optional<Double> confidence, Optional<String> speaker) {}
