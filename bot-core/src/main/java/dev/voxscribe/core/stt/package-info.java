/** The speech-to-text port and its AI/ML API implementation: create, then poll without holding a thread. */
@NullMarked
package dev.voxscribe.core.stt;

import org.jspecify.annotations.NullMarked;
