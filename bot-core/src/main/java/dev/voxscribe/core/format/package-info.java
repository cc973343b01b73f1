/** Platform-neutral reply formatting. */
@NullMarked
package dev.voxscribe.core.format;

import org.jspecify.annotations.NullMarked;
