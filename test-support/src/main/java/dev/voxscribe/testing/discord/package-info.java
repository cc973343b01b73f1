/**
 * A loopback stand-in of Discord: the REST routes a bot calls and the gateway WebSocket, on one
 * mockwebserver3 instance, written from Discord's public API documentation.
 */
@NullMarked
package dev.voxscribe.testing.discord;

import org.jspecify.annotations.NullMarked;
