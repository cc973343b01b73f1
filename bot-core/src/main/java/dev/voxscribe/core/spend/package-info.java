/**
 * What the bot may spend, and on whom: who is allowed, daily minutes per person and per chat, a
 * daily budget in USD, the cost the service reports per job, and the counters behind
 * {@code /usage} and {@code /stats}.
 */
@NullMarked
package dev.voxscribe.core.spend;

import org.jspecify.annotations.NullMarked;
