package dev.voxscribe.testing.discord;

import java.util.OptionalDouble;

/**
 * A file the stand-in holds on its CDN path, described as Discord's attachment object describes it.
 *
 * @param id the attachment's snowflake
 * @param filename the file name
 * @param contentType the media type Discord announces
 * @param size the size Discord announces (may differ from the stored bytes, to test refusals)
 * @param url the signed CDN URL on the stand-in
 * @param durationSecs {@code duration_secs}, present on voice messages
 */
public record FakeAttachment(
    String id, String filename, String contentType, long size, String url, OptionalDouble durationSecs) {

  /** The same file announced with another size (the stored bytes are unchanged). */
  public FakeAttachment withDeclaredSize(long bytes) {
    return new FakeAttachment(id, filename, contentType, bytes, url, durationSecs);
  }

  /** The same file announced with another {@code duration_secs}. */
  public FakeAttachment withDuration(double seconds) {
    return new FakeAttachment(id, filename, contentType, size, url, OptionalDouble.of(seconds));
  }
}
