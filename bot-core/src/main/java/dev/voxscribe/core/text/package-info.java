/** The bot's texts in many languages: message bundles with ICU plural forms, and which language a user gets. */
@NullMarked
package dev.voxscribe.core.text;

import org.jspecify.annotations.NullMarked;
