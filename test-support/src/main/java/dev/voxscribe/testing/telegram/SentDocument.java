package dev.voxscribe.testing.telegram;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A document the bot sent, with the uploaded bytes. */
public record SentDocument(
    long chatId, int messageId, String filename, String contentType, byte[] data, Optional<String> caption,
    Optional<Integer> replyTo, Optional<Integer> threadId) {

  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
