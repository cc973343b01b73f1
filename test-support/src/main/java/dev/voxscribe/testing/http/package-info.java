/** HTTP pieces every stand-in shares: a loopback server without Nagle delays, a multipart reader. */
@NullMarked
package dev.voxscribe.testing.http;

import org.jspecify.annotations.NullMarked;
