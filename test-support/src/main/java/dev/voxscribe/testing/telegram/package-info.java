/**
 * A loopback stand-in of the Telegram Bot API (methods, long-polled {@code getUpdates}, webhook
 * delivery, file downloads), written from the Bot API documentation at https://core.telegram.org/bots/api.
 */
@NullMarked
package dev.voxscribe.testing.telegram;

import org.jspecify.annotations.NullMarked;
