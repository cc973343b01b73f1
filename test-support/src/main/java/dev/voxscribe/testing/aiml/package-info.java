/** A loopback stand-in of the AI/ML API speech-to-text service, written from CONTRACT.md. */
@NullMarked
package dev.voxscribe.testing.aiml;

import org.jspecify.annotations.NullMarked;
