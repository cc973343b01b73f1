/** Domain of a transcription: audio in, transcript or typed failure out. Knows no platform. */
@NullMarked
package dev.voxscribe.core;

import org.jspecify.annotations.NullMarked;
